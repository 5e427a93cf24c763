def log = new File(basedir, 'build.log').text
assert log.contains('Validation failed (1 problem)')
assert log.contains("Projection 'orders' declares version 2 but db/refold/orders/V2__<Description>.sql is not on the classpath, nor the DDL of an earlier version")
assert log.contains('found: V3__Order_summary.sql')
return true
