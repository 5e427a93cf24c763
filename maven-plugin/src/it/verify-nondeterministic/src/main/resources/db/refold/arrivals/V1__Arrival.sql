create table arrival (
    order_id text primary key,
    seen     bigint not null
);
