-- posts v1: one row per published post; PostDeleted removes the row.
create table post (
    id        text primary key,
    author_id text not null,
    title     text not null
);
