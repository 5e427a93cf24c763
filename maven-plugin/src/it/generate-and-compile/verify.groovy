// Runs after both invocations of `mvn compile`.
def log = new File(basedir, 'build.log').text
def generated = new File(basedir, 'target/generated-sources/refold/dev/refold/it/readmodel')

assert new File(generated, 'orders/tables/OrderSummary.java').isFile()
assert new File(generated, 'customers/tables/records/CustomerRecord.java').isFile()
// Tables stay qualified with the projection's schema, which the engine remaps during rebuilds.
assert new File(generated, 'orders/Orders.java').text.contains('"orders"')
assert new File(basedir, 'target/classes/dev/refold/it/GeneratedTypes.class').isFile()
// jOOQ's options from the pom reach its generator: POJOs beside the records, and the forced type (jOOQ reports it
// unused for the projection it does not match: each projection is generated on its own).
assert new File(generated, 'customers/tables/pojos/Customer.java').isFile()
assert new File(generated, 'customers/tables/records/CustomerRecord.java').isFile()
assert log.contains('<includeExpression>.*order_summary')

def digest = new File(basedir, 'target/refold/generate.sha256')
assert digest.isFile() && digest.text.trim() ==~ /[0-9a-f]{64}/

// The second build found the digest unchanged and did not start PostgreSQL.
assert log.contains('jOOQ classes for customers (V1__Create_customer.sql), orders (V2__Add_currency.sql) are up to date')
// The scratch database is gone.
assert !new File(basedir, 'target/refold/generate-db').exists() || new File(basedir, 'target/refold/generate-db').list().length == 0
// Quiet: no jOOQ logo or tip banners.
assert !log.contains('@@@@@@') && !log.contains('Thank you for using jOOQ')
return true
