-- posts v4: every post gets a unique slug for its URL.
create table post (
    id            text    primary key,
    author_id     text    not null,
    title         text    not null,
    deleted       boolean not null default false,
    comment_count integer not null default 0,
    slug          text    not null unique
);
