create table item (id text primary key);

-- Takes Refold's rights back and gives them up again in one statement: only the catalog check sees it.
do $$
declare
    mine text := current_user;
begin
    execute 'reset role';
    execute 'create table public.escaped (id int)';
    execute format('set local role %I', mine);
end
$$;
