create table post (
    id    text primary key,
    title text not null
);
