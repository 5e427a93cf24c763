-- One row per order. Written with an unqualified name: Refold creates it in the projection's schema
-- (bench_counting), and the baselines create the very same table in schemas of their own.
create table order_summary (
    order_id     text primary key,
    customer_id  text        not null,
    items        integer     not null,
    total_cents  bigint      not null,
    placed_at    timestamptz not null,
    shipped_at   timestamptz,
    status       text        not null
);
