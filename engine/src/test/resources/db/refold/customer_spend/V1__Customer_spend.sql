create table spend (
    customer_id text primary key,
    purchases   integer not null default 0,
    cents       bigint not null default 0,
    first_at    timestamptz,
    last_at     timestamptz,
    last_day    date,
    last_local  timestamp,
    numbers     text not null default ''
);
