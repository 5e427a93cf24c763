create table customer (
    customer_id uuid primary key,
    name        text not null,
    tags        text[],
    profile     jsonb,
    created_at  timestamptz not null
);
create index customer_name on customer (name);
