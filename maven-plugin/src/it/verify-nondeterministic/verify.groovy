import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log =~ /\| arrivals +\| 1 +\| 2 +\| [0-9a-f]{12} +\| [0-9a-f]{12} +\| DIFFERENT +\|/
assert log =~ /\| orders +\| 1 +\| 8 +\| [0-9a-f]{12} +\| [0-9a-f]{12} +\| PASSED +\|/
assert log.contains('Refold verify failed for 1 projection:')
assert log.contains('projection arrivals version 1: the incremental build differs from the from-scratch build')

def json = new JsonSlurper().parse(new File(basedir, 'target/refold/verify-report.json'))
assert json.passed == false
def arrivals = json.projections.find { it.projection == 'arrivals' }
assert arrivals.result == 'DIFFERENT' && arrivals.fullDigest != arrivals.incrementalDigest
assert json.projections.find { it.projection == 'orders' }.result == 'PASSED'
return true
