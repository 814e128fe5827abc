-- A Flyway callback, run after every migrate as the owner (spring.flyway.user), not a versioned migration: the
-- grants follow the configured application role (spring.datasource.username, placeholder app_role) on every
-- start, so tables added by later migrations, a renamed role or a move from one role to two are covered
-- without a new migration. The application's role gets what it needs and no more: it may read and append to
-- the audit log but not change, delete or truncate it, and as a non-owner it cannot disable its triggers.
DO $grants$
DECLARE
    app    text := '${app_role}';
    schema text := current_schema();
BEGIN
    IF app = '' OR app = current_user THEN
        RAISE WARNING 'Opsplane connects as the owner of its tables (%): only triggers keep the audit log append-only. Run the console as a role of its own (docs/operations.md, "Database roles").', current_user;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'The application role "%" does not exist: create it before starting Opsplane (docs/operations.md, "Database roles")', app;
    END IF;
    -- nodes starting together would otherwise grant on the same objects at once, which PostgreSQL refuses
    PERFORM pg_advisory_xact_lock(hashtext('opsplane:application-role-grants'));
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema, app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema, app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', schema, app);
    EXECUTE format('REVOKE ALL ON operator_audit FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON operator_audit TO %I', app);
    EXECUTE format('REVOKE ALL ON operator_audit_chain_head FROM %I', app);
    EXECUTE format('GRANT SELECT ON operator_audit_chain_head TO %I', app);
    EXECUTE format('REVOKE ALL ON %I FROM %I', '${flyway:table}', app);
END
$grants$;
