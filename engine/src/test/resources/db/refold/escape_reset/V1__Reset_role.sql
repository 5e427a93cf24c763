create table item (id text primary key);

reset role;

create table public.escaped (id int);
