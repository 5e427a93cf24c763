create table basket (
    id     text primary key,
    items  integer not null default 0,
    weight double precision not null default 0.1::real,
    label  text not null,
    note   text default 'none',
    opened timestamptz not null default now()
);
