-- Version 2 of the orders read model: every script is the whole DDL of its version.
create table order_summary (
    order_id text primary key,
    total    numeric(12, 2) not null default 0,
    currency char(3)        not null default 'EUR'
);
