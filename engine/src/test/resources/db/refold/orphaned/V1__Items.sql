create table item (id text primary key);
