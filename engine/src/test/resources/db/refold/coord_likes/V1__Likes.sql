create table post_likes (
    post_id text primary key,
    likes   integer not null default 0
);
