create table spend (
    customer_id text primary key,
    purchases   integer not null default 0,
    cents       bigint not null default 0
);
