-- posts v2: deleted posts stay, marked deleted, so that moderators can still see them.
create table post (
    id        text    primary key,
    author_id text    not null,
    title     text    not null,
    deleted   boolean not null default false
);
