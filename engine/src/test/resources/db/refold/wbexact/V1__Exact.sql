-- WriteBehindExactValuesTest: every table here is one write-behind holds (or, for bad_default, must give up quietly)
create table times (
    k   integer primary key,
    d   date,
    ts  timestamp,
    tz  timestamptz
);

create table stamps (
    ts  timestamp primary key,
    n   integer not null default 0
);

create table defaults (
    k   integer primary key,
    d   double precision default 0.1::real,
    i   integer default 1.5,
    s   smallint default '7',
    n   numeric(6, 2) default 1.005,
    v   varchar(5) default 'ab'
);

create table bad_default (
    k   integer primary key,
    n   numeric default 'NaN',
    f   double precision default 'Infinity',
    i   integer default 3000000000
);

create table amounts (
    k   integer primary key,
    n   numeric,
    tz  timestamptz,
    b   bigint
);

create table seen (
    position bigint primary key,
    value    text
);
