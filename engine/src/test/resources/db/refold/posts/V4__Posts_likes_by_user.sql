create table post (
    id      text primary key,
    title   text not null,
    deleted boolean not null default false,
    likes   integer not null default 0
);
