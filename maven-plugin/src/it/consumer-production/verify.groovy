// refold-engine alone, as a production application on its own server depends on it: nothing of zonky ships.
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')

    def jars = new File(basedir, 'target/runtime-classpath.txt').text.trim().split(File.pathSeparator)
            .collect { new File(it) }
    def zonky = jars.findAll { it.name.startsWith('embedded-postgres') }
    assert zonky.isEmpty() : "zonky on a production classpath: ${zonky*.name}"
    assert jars.any { it.name.startsWith('refold-engine-') }
    println "refold-engine alone: ${jars.size()} jars, ${jars.sum { it.length() }.intdiv(1024)} KiB"
} finally {
    System.properties.remove('refold.it.server:' + basedir)?.close()
}
return true
