-- One row per order, the fold of its events. Written with an unqualified name: Refold creates it in the
-- projection's schema (bench_fold). Same table as db/refold/bench_handler/V1__Order_summary.sql, so that every
-- approach's result can be compared by digest.
create table order_summary (
    order_id     text primary key,
    customer_id  text        not null,
    items        integer     not null,
    total_cents  bigint      not null,
    placed_at    timestamptz not null,
    shipped_at   timestamptz,
    status       text        not null
);
