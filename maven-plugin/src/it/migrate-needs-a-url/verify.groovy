import dev.refold.Refold

def log = new File(basedir, 'build.log').text
assert log.contains('No database is configured, and this changes one: set refold.url')
assert log.contains('or refold.url=embedded for the embedded PostgreSQL with data in')
assert log =~ /\| orders +\| 1 +\|.*\| PENDING +\|/
// info keeps the embedded default, and says so in one line with where the data lives
assert log =~ /Embedded PostgreSQL started on port \d+ with data in .*refold-data.postgres.* \(no refold.url is set; set REFOLD_URL or refold.url for your own server\)/

// info ran on the embedded default, and left no trace of Refold in it
def refold = Refold.configure().dataDirectory(new File(basedir, 'refold-data/postgres').toPath())
        .discoverProjections(false).load()
try {
    def c = refold.dataSource().getConnection()
    try {
        def rs = c.createStatement().executeQuery("select count(*) from pg_namespace where nspname = 'refold'")
        rs.next()
        assert rs.getInt(1) == 0
    } finally {
        c.close()
    }
} finally {
    refold.close()
}
return true
