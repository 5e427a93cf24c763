create table order_summary (
    order_id text primary key,
    customer text not null,
    items    integer not null default 0,
    total    numeric(12, 2) not null default 0,
    shipped  boolean not null default false
);
