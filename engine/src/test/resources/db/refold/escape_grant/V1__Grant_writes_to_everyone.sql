create table item (id text primary key);

grant insert, update on item to public;
