create table seen (post_id text primary key);
