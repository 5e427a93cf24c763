create table value (
    id        uuid primary key,
    label     text,
    amount    numeric(12, 2),
    counter   bigint,
    flag      boolean,
    at        timestamptz,
    day       date,
    doc       jsonb,
    tags      text[]
);
