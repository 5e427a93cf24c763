-- One wide table whose updates come in many statement shapes, and one table with its own storage settings.
create table counter (
    id    integer primary key,
    n     bigint not null default 0,
    label text,
    c0 integer, c1 integer, c2 integer, c3 integer, c4 integer, c5 integer, c6 integer, c7 integer, c8 integer, c9 integer,
    c10 integer, c11 integer, c12 integer, c13 integer, c14 integer, c15 integer, c16 integer, c17 integer, c18 integer, c19 integer,
    c20 integer, c21 integer, c22 integer, c23 integer, c24 integer, c25 integer, c26 integer, c27 integer, c28 integer, c29 integer,
    c30 integer, c31 integer, c32 integer, c33 integer, c34 integer, c35 integer, c36 integer, c37 integer, c38 integer, c39 integer,
    c40 integer, c41 integer, c42 integer, c43 integer, c44 integer, c45 integer, c46 integer, c47 integer, c48 integer, c49 integer,
    c50 integer, c51 integer, c52 integer, c53 integer, c54 integer, c55 integer, c56 integer, c57 integer, c58 integer, c59 integer,
    c60 integer, c61 integer, c62 integer, c63 integer, c64 integer, c65 integer, c66 integer, c67 integer, c68 integer, c69 integer
);

create table audit (
    position bigint primary key,
    id       integer not null
) with (fillfactor = 70);
