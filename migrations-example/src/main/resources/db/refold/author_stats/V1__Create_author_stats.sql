-- author_stats v1: what each author wrote and how much discussion it drew.
create table author (
    id                text    primary key,
    name              text    not null,
    posts_published   integer not null default 0,
    comments_received integer not null default 0
);

-- Which author wrote each post, so that a comment (which names only its post) can be credited to the author.
create table post_author (
    post_id   text primary key,
    author_id text not null
);
