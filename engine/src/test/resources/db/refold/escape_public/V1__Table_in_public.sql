create table item (id text primary key);

create table public.escaped (id int);
