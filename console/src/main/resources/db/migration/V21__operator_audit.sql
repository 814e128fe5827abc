-- Who did what to which saga, when, why, with which commands, and what came of it. Append-only: the
-- application has no update or delete path, and the database refuses both (and TRUNCATE) as well.
CREATE TABLE operator_audit (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at  timestamptz NOT NULL,
    actor        text        NOT NULL,
    action       text        NOT NULL,
    saga_id      bigint,
    saga_type    text,
    action_id    bigint,
    bulk_job_id  bigint,
    policy_id    bigint,
    reason       text,
    commands     jsonb,
    outcome      text,
    details      jsonb
);
CREATE INDEX operator_audit_recorded ON operator_audit (recorded_at DESC, id DESC);
CREATE INDEX operator_audit_actor ON operator_audit (actor, recorded_at DESC);
CREATE INDEX operator_audit_saga ON operator_audit (saga_id, recorded_at DESC) WHERE saga_id IS NOT NULL;
CREATE INDEX operator_audit_action ON operator_audit (action, recorded_at DESC);

CREATE FUNCTION operator_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'operator_audit is append-only: % is refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER operator_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON operator_audit
    FOR EACH ROW EXECUTE FUNCTION operator_audit_append_only();
CREATE TRIGGER operator_audit_no_truncate BEFORE TRUNCATE ON operator_audit
    FOR EACH STATEMENT EXECUTE FUNCTION operator_audit_append_only();
