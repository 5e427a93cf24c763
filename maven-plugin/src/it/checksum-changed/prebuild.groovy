// The application's side: the order events are in the log before the build runs (it-parent/shared/import-orders.groovy).
return evaluate(new File(basedir, '../it-parent/shared/import-orders.groovy'))
