-- Held by write-behind during a rebuild: primary keys, defaults it evaluates, typed limits it must respect.
create table account (
    id          text primary key,
    owner       text        not null,
    balance     bigint      not null default 0,
    deposits    integer     not null default 0,
    rate        numeric(8, 2),
    label       varchar(12),
    opened_at   timestamptz not null,
    closed_at   timestamptz,
    frozen      boolean     not null default false,
    score       double precision
);

create table daily (
    account_id  text,
    day         date,
    amount      numeric not null,
    primary key (account_id, day)
);

-- Not held: a CHECK constraint must see every row as it is written.
create table audit_log (
    position    bigint primary key check (position > 0),
    account_id  text not null,
    balance     bigint
);

-- Automatically updatable: a write through it reaches account, a held table, under another name.
create view open_account as select * from account where closed_at is null;

-- A numeric key: a WHERE with more decimals than it holds matches no row, it is not rounded to one.
create table rate_band (
    rate        numeric(6, 2) primary key,
    accounts    integer not null default 0
);

-- Not held: ON CONFLICT cannot use a deferrable key as its arbiter, and PostgreSQL says so.
create table tally (
    id          text primary key deferrable initially immediate,
    n           integer not null
);
