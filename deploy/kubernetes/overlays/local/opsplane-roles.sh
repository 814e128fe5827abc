#!/bin/sh
# Opsplane's two database roles, made on the database container's first start (docs/operations.md, "Database
# roles"): opsplane_owner owns the console's database and runs its migrations; opsplane_app is what the console
# runs as, and the migrations grant it SELECT and INSERT only on the audit log. Neither is a superuser, so
# neither can set session_replication_role, and opsplane_app, owning nothing, cannot disable a trigger.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner_password="$OPSPLANE_DB_OWNER_PASSWORD" -v app_password="$OPSPLANE_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE opsplane_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE opsplane_app LOGIN PASSWORD :'app_password';
ALTER DATABASE opsplane OWNER TO opsplane_owner;
ALTER SCHEMA public OWNER TO opsplane_owner;
SQL
