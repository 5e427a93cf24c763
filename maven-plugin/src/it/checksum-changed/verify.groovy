def log = new File(basedir, 'build.log').text
def errors = log  // Maven prints a multi-line failure message with one [ERROR] prefix, so search the whole log

assert log.contains('Built projection orders version 1: 8 events')
assert errors.contains('Validation failed (1 problem)')
assert errors.contains('projection orders changed since version 1 was built: bump its version, or run repair')
return true
