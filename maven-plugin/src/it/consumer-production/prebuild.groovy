// The production application's own server. It is started here, in the invoker's JVM, because the application
// under test must not have zonky on its classpath; verify.groovy stops it.
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres

def server = EmbeddedPostgres.builder()
        .setDataDirectory(new File(basedir, 'target/own-server'))
        .setCleanDataDirectory(true)
        .setServerConfig('fsync', 'off')
        .start()
System.properties.put('refold.it.server:' + basedir, server)
new File(basedir, 'target').mkdirs()
new File(basedir, 'target/own-server-url.txt').text = "jdbc:postgresql://localhost:${server.port}/postgres"
return true
