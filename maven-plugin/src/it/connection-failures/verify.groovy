def log = new File(basedir, 'build.log').text
assert log.contains('Cannot connect to PostgreSQL at')
assert log.contains('127.0.0.1:1')
assert log.contains('A database password is written in the pom (<password> in the configuration of refold-maven-plugin)')
assert !log.contains('secret-in-pom')
assert log.contains('Skipping Refold (refold.skip=true)')
return true
