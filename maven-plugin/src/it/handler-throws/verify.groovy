import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def errors = log  // Maven prints a multi-line failure message with one [ERROR] prefix, so search the whole log

// migrate: the build failure names projection, position, event type and the handler's exception
assert errors =~ /refold-maven-plugin:[^:]+:migrate .*Projection 'orders' v1 failed at event position 8 \(OrderShipped/
assert errors.contains('cannot ship order-2')
// verify: the same failure, in the build failure and in the report
assert errors.contains('Refold verify failed for 1 projection:')
assert errors =~ /projection orders version 1: Projection 'orders' v1 failed at event position 8 \(OrderShipped/
def json = new JsonSlurper().parse(new File(basedir, 'target/refold/verify-report.json'))
assert json.passed == false
assert json.projections[0].result == 'FAILED'
assert json.projections[0].failure.contains('cannot ship order-2')
// an expected failure, not a plugin bug: no stack trace in the log
assert !log.contains('at dev.refold.')
return true
