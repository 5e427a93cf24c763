-- WriteBehindDifferentialTest: every column type write-behind follows, with NOT NULL, defaults it must evaluate as
-- the column's type, and composite keys; and tables it must not hold (real, char(n), a NaN default).
create table nums (
    k   integer primary key,
    s   smallint not null default 0,
    i   integer default 1.5,
    b   bigint,
    n   numeric,
    n2  numeric(8, 2) not null default 1.005,
    n3  numeric(5, -2),
    d   double precision default 0.1::real
);

create table texts (
    a   text,
    b   varchar(4),
    v   varchar(5) default 'ab   ',
    t   text not null default '',
    ok  boolean default true,
    u   uuid,
    j   jsonb,
    y   bytea,
    primary key (a, b)
);

create table times (
    ts  timestamp primary key,
    d   date,
    tz  timestamptz,
    n   integer not null default 0
);

create table keyed (
    d   date,
    u   uuid,
    n   numeric(6, 2),
    c   bigint not null default 0,
    primary key (d, u, n)
);

create table others (
    id  bigint primary key,
    r   real default 0.1,
    c   char(4),
    n   numeric default 'NaN',
    f   float8
);

-- what handlers saw: RETURNING values and reads, as text
create table seen (
    position bigint,
    seq      integer,
    value    text,
    primary key (position, seq)
);
