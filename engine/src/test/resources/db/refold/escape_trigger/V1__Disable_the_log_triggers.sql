create table item (id text primary key);

alter table refold.events disable trigger all;
