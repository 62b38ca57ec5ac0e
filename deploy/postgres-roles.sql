-- The two PostgreSQL roles of a Hotline deployment (docs/deploy.md):
--   hotline_owner owns the database and its tables; only migrations connect as it
--                 (HOTLINE_MIGRATION_DATABASE_URL). It alone could drop the audit triggers.
--   hotline_app   is what every API instance connects as (DATABASE_URL): it reads and writes rows,
--                 cannot change the schema, drop or disable triggers, or TRUNCATE.
-- Run once as a superuser:  psql -v owner=hotline_owner -v app=hotline_app -v db=hotline -f deploy/postgres-roles.sql
-- (set passwords afterwards with \password, or use the cluster's own authentication.)
create role :"owner" login;
create role :"app" login;
create database :"db" owner :"owner";
\connect :"db"
-- Tables the owner creates later (every migration) are readable and writable by the app role.
alter default privileges for role :"owner" in schema public grant select, insert, update, delete on tables to :"app";
alter default privileges for role :"owner" in schema public grant usage, select on sequences to :"app";
