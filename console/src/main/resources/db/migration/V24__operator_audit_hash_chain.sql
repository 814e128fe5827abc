-- The audit log proves itself: every entry carries a SHA-256 hash over its content and the previous entry's
-- hash, so an entry changed, removed or slipped in by someone who got past the append-only trigger (a superuser
-- with session_replication_role = replica, or the table's owner disabling the trigger) breaks the chain at that
-- entry. GET /api/audit/verify walks it. The database computes the hash on insert, so every writer chains.
ALTER TABLE operator_audit ADD COLUMN prev_hash text, ADD COLUMN hash text;

-- The newest link, one row. Inserts lock it, so two concurrent appends never chain to the same predecessor.
CREATE TABLE operator_audit_chain_head (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last_id   bigint,
    last_hash text NOT NULL
);
-- entry #1 chains to this genesis value
INSERT INTO operator_audit_chain_head (last_id, last_hash) VALUES (NULL, repeat('0', 64));

-- One field of the canonical encoding: '~' for null, else its length in UTF-8 bytes, ':' and the text, so no
-- two different entries encode alike. AuditChain.java encodes the same way: change both together.
CREATE FUNCTION operator_audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(convert_to(value, 'UTF8')) || ':' || value END
$$;

-- The hash of entry a chained to prev_hash: hex SHA-256 of the encoding of every column the log shows, with
-- recorded_at as microseconds since the epoch (UTC) and JSON as PostgreSQL prints jsonb.
CREATE FUNCTION operator_audit_hash(prev_hash text, a operator_audit) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(
        'opsplane-audit-v1' || E'\n' || prev_hash || E'\n'
        || operator_audit_field(a.id::text)
        || operator_audit_field((extract(epoch FROM date_trunc('second', a.recorded_at AT TIME ZONE 'UTC'))::bigint
                                 * 1000000
                                 + extract(microseconds FROM a.recorded_at AT TIME ZONE 'UTC')::bigint % 1000000)::text)
        || operator_audit_field(a.actor)
        || operator_audit_field(a.action)
        || operator_audit_field(a.saga_id::text)
        || operator_audit_field(a.saga_type)
        || operator_audit_field(a.action_id::text)
        || operator_audit_field(a.bulk_job_id::text)
        || operator_audit_field(a.policy_id::text)
        || operator_audit_field(a.reason)
        || operator_audit_field(a.commands::text)
        || operator_audit_field(a.outcome)
        || operator_audit_field(a.details::text), 'UTF8')), 'hex')
$$;

-- Before the statement, so before the row's id is drawn: ids then follow the chain's order, and the verifier
-- walks the chain by id. SECURITY DEFINER: the application's role may read the head but not write it.
CREATE FUNCTION operator_audit_lock_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM operator_audit_chain_head FOR UPDATE;
    RETURN NULL;
END
$$;

CREATE FUNCTION operator_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
DECLARE
    head operator_audit_chain_head;
BEGIN
    SELECT * INTO head FROM operator_audit_chain_head FOR UPDATE;
    NEW.prev_hash := head.last_hash;
    NEW.hash := operator_audit_hash(NEW.prev_hash, NEW);
    UPDATE operator_audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash;
    RETURN NEW;
END
$$;

-- Entries written before this migration join the chain now, in id order.
ALTER TABLE operator_audit DISABLE TRIGGER operator_audit_no_update_or_delete;
DO $$
DECLARE
    entry operator_audit;
    prev  text := repeat('0', 64);
    last  bigint;
BEGIN
    FOR entry IN SELECT * FROM operator_audit ORDER BY id LOOP
        UPDATE operator_audit SET prev_hash = prev, hash = operator_audit_hash(prev, entry) WHERE id = entry.id
            RETURNING hash INTO prev;
        last := entry.id;
    END LOOP;
    UPDATE operator_audit_chain_head SET last_id = last, last_hash = prev;
END
$$;
ALTER TABLE operator_audit ENABLE TRIGGER operator_audit_no_update_or_delete;

ALTER TABLE operator_audit ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

CREATE TRIGGER operator_audit_lock_chain BEFORE INSERT ON operator_audit
    FOR EACH STATEMENT EXECUTE FUNCTION operator_audit_lock_chain();
CREATE TRIGGER operator_audit_chain BEFORE INSERT ON operator_audit
    FOR EACH ROW EXECUTE FUNCTION operator_audit_chain();
