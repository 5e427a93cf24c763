-- posts v3: a new property, the number of comments, filled in by the rebuild for every post ever published.
create table post (
    id            text    primary key,
    author_id     text    not null,
    title         text    not null,
    deleted       boolean not null default false,
    comment_count integer not null default 0
);
