create table seen (position bigint primary key);
