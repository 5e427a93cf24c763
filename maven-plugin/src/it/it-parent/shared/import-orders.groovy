// The application's side, shared by the test projects' prebuild.groovy: the project's order events are in the log
// before the build runs. The engine used here is the plugin's own dependency, on the same embedded data directory
// the plugin defaults to.
import dev.refold.Refold

def refold = Refold.configure()
        .dataDirectory(new File(basedir, 'refold-data/postgres').toPath())
        .durable(false)
        .discoverProjections(false)
        .load()
try {
    assert refold.importEvents(new File(basedir, 'src/test/resources/refold/events/orders.ndjson').toPath()).eventsRead() == 8
} finally {
    refold.close()
}
return true
