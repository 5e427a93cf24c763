create table item (id text primary key);

drop schema catchup_titles cascade;
