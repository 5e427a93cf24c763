create table audit (id text primary key);
