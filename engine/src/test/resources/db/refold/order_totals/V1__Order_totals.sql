create table summary (
    order_id text primary key,
    customer text,
    items    integer not null default 0,
    total    bigint  not null default 0,
    shipped  boolean not null default false
);
