create table item (id text primary key);

drop table refold.events;
