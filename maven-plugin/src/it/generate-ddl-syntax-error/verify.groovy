def log = new File(basedir, 'build.log').text
assert log.contains("DDL of projection 'orders' failed")
assert log.contains('V1__Create_order_summary.sql line 3')
assert log.contains('syntax error at or near "nul"')
// A failed run leaves no digest behind, so the next build tries again.
assert !new File(basedir, 'target/refold/generate.sha256').exists()
return true
