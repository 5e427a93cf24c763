create table broken (
    id text primary key,
    oops integr not null
);
