create table tally (id text primary key, n integer not null);
