-- One of the 20 trivial projections behind the no-op migrate() measurement.
create table placed_order (order_id text primary key);
