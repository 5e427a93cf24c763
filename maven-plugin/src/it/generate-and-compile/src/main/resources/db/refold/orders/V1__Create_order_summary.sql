create table order_summary (
    order_id text primary key,
    total    numeric(12, 2) not null default 0
);
