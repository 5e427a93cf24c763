create table title (
    post_id text primary key,
    title   text not null
);
