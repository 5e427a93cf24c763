import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// info before anything was built, then validate, then migrate over the eight events the prebuild hook appended
assert log =~ /\| orders +\| 1 +\|.*\| PENDING +\|/
assert log.contains('All projections are valid')
assert log.contains('Built projection orders version 1: 8 events')
// the generated classes' inserts and updates by key were all held in memory and copied in (defaults included)
// the rate only for builds of a second or more
assert log =~ /Built projection orders version 1: 8 events in \d+ ms( \(\d+ events\/s\))?, position \d+, 8 writes held in memory/
assert log =~ /\| orders +\| 1 +\|.*\| CURRENT +\|/
assert log.contains('Database: jdbc:postgresql://')
// plan, before migrate: a build of the eight events at the default rate, and it left the build to migrate
assert log =~ /\| orders +\| 1 +\| PENDING +\| BUILD +\| 8 +\| < 1 s +\| 10,000\/s default +\| never built +\|/
assert log.contains('Migrate would replay 8 events')

// second invocation: rebuild, repair, verify
assert log.contains('Nothing to repair')
assert log.findAll(/Built projection orders version 1 \(was 1\): 8 events/).size() == 1
assert log.contains('Imported 8 events from src/test/resources/refold/events/orders.ndjson')
assert log =~ /\| orders +\| 1 +\| 8 +\| [0-9a-f]{12} +\| [0-9a-f]{12} +\| PASSED +\|/
assert log.contains('Verified 1 projection over 8 events')

def json = new JsonSlurper().parse(new File(basedir, 'target/refold/verify-report.json'))
assert json.passed == true
assert json.events == 8
assert json.projections*.projection == ['orders']
assert json.projections[0].fullDigest == json.projections[0].incrementalDigest
assert new File(basedir, 'target/refold/verify-report.txt').text.startsWith('Refold verify: PASSED')
// verify's scratch server is gone, and it did not touch the project's own database directory
assert !new File(basedir, 'target/refold/verify-db').exists()
assert new File(basedir, 'refold-data/postgres/PG_VERSION').isFile()
// JSON output: info and plan to files, validate on standard output, an unknown type refused
def info = new JsonSlurper().parse(new File(basedir, 'target/refold/info.json'))
assert info.headPosition == 8
assert info.projections*.projection == ['orders']
assert info.projections[0].state == 'CURRENT'
assert info.projections[0].builtOn =~ /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/
def plan = new JsonSlurper().parse(new File(basedir, 'target/refold/plan.json'))
assert plan.refused == false
assert plan.projections[0].projection == 'orders'
assert plan.projections[0].action == 'CATCH_UP'
assert plan.projections[0].eventsToReplay == 0
assert plan.projections[0].rateSource == 'DEFAULT'
assert plan.eta == 'PT0S'
assert log =~ /"valid" : true/
assert log.contains("Unknown refold.outputType 'xml': use one of text, json")
// refold:import of the file the prebuild hook imported already: the import's own counts, nothing appended
assert log =~ /Imported orders.ndjson: 8 lines, 8 events read, nothing appended, 8 already stored, in \d+ ms/
def imported = new JsonSlurper().parse(new File(basedir, 'target/refold/import.json'))
assert imported.eventsRead == 8
assert imported.eventsAppended == 0
assert imported.eventsAlreadyStored == 8
return true
