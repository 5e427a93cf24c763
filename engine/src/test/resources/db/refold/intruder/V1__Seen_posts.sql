-- A projection whose handlers try to write outside their own schema (IsolationTest).
create table seen (post_id text primary key);
