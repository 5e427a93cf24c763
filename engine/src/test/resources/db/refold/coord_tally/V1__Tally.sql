create table tally (
    liker  text primary key,
    likes  integer not null
);
