create table placed_order (id text primary key, total integer not null);
