// Starts a PostgreSQL that checks passwords (the embedded default trusts every local connection), gives the
// build its URL through .mvn/maven.config, and appends the fixture log to it as an application would.
import dev.refold.Refold
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres

def dataDirectory = new File(basedir, 'target/external-pg')
def server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(true)
        .setServerConfig('fsync', 'off')
        .start()
// verify.groovy stops it; held in the invoker's JVM under a key unique to this project.
System.properties.put('refold.it.server:' + basedir, server)

server.postgresDatabase.connection.withCloseable { connection ->
    connection.createStatement().execute("alter user postgres password 'right-password'")
}
new File(dataDirectory, 'pg_hba.conf').text = '''\
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
'''
// Reloading needs a connection that still gets in under the old rules, and applies to new connections only.
server.postgresDatabase.connection.withCloseable { connection ->
    connection.createStatement().execute('select pg_reload_conf()')
}

def url = "jdbc:postgresql://localhost:${server.port}/postgres"
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Drefold.url=${url}\n"

def refold = Refold.configure().dataSource(url, 'postgres', 'right-password').discoverProjections(false).load()
try {
    assert refold.importEvents(new File(basedir, 'src/test/resources/refold/events/orders.ndjson').toPath()).eventsRead() == 8
} finally {
    refold.close()
}
return true
