-- Runs once, when the postgres container first creates its data directory (docker-entrypoint-initdb.d).
-- `casework` (POSTGRES_USER) owns the tables and runs the migrations; the web, worker and beat processes log
-- in as `casework_web`, a member of the group role `casework_app` that migration 0009 grants row privileges
-- to. Not the owner and not a superuser, so PostgreSQL's row-level security binds it (docs/operations.md).
CREATE ROLE casework_app NOLOGIN;
CREATE ROLE casework_web LOGIN PASSWORD 'casework_web' IN ROLE casework_app;
