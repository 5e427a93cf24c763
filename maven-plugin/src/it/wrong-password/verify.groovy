import java.sql.DriverManager

def server = System.properties.remove('refold.it.server:' + basedir)
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains("Authentication failed for user 'postgres'")
    assert !log.contains('not-the-Pa55word')
    assert !log.contains('right-password')
    assert log.contains('Built projection orders version 1: 8 events')

    // The read model and the history are in the external database, written with the settings.xml credentials.
    def connection = new org.postgresql.Driver().connect(
            "jdbc:postgresql://localhost:${server.port}/postgres", [user: 'postgres', password: 'right-password'] as Properties)
    connection.withCloseable {
        def rows = it.createStatement().executeQuery(
                'select order_id, items, total, shipped from orders.order_summary order by order_id')
        def summaries = []
        while (rows.next()) {
            summaries << [rows.getString(1), rows.getInt(2), rows.getBigDecimal(3), rows.getBoolean(4)]
        }
        assert summaries == [['order-1', 2, 25.00G, true], ['order-2', 14, 25.00G, true]]
        def history = it.createStatement().executeQuery(
                "select version, success from refold.projection_history where projection = 'orders'")
        assert history.next() && history.getInt(1) == 1 && history.getBoolean(2)
    }
} finally {
    server?.close()
}
return true
