-- How many sagas there are by type and status (open ones by step too, stuck ones by reason and responsible service
-- as well), kept as the table changes rather than counted from it: counting 10,000,000 sagas took the overview 2 s
-- and the metrics 1.3 s of PostgreSQL's CPU every refresh. Every statement that adds, changes or deletes sagas
-- appends its net change here, one row per count it moved, so writers never wait on each other's counters;
-- SagaStore.foldCounts sums the rows into one per count. A count is the sum of its rows.
CREATE TABLE saga_count (
    saga_type           text   NOT NULL,
    status              text   NOT NULL,
    -- the step an open saga (running, stuck, failed or compensating) is at; null once it has ended
    current_step        text,
    -- a stuck saga's reason and responsible service; null for every other status
    stuck_reason        text,
    responsible_service text,
    sagas               bigint NOT NULL
);

-- What of a saga its counts tell apart beyond type and status: an open saga's step, a stuck saga's reason and service.
-- Plain SQL expressions, which PostgreSQL inlines into the statements below.
CREATE FUNCTION saga_count_step(status text, current_step text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN status IN ('RUNNING', 'STUCK', 'FAILED', 'COMPENSATING') THEN current_step END $$;
CREATE FUNCTION saga_count_stuck(status text, value text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN status = 'STUCK' THEN value END $$;

CREATE FUNCTION saga_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM saga_count;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO saga_count
        SELECT saga_type, status, saga_count_step(status, current_step), saga_count_stuck(status, stuck_reason),
               saga_count_stuck(status, responsible_service), count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO saga_count
        SELECT saga_type, status, saga_count_step(status, current_step), saga_count_stuck(status, stuck_reason),
               saga_count_stuck(status, responsible_service), -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4, 5;
    ELSE
        -- Most updates leave a saga at its status and step: they cancel out and append nothing. Summed, not
        -- joined by id: a transition table has no statistics, and a join of two of them took ingest to a third once.
        INSERT INTO saga_count
        SELECT saga_type, status, saga_count_step(status, current_step), saga_count_stuck(status, stuck_reason),
               saga_count_stuck(status, responsible_service), sum(change)
        FROM (SELECT saga_type, status, current_step, stuck_reason, responsible_service, 1 AS change FROM new_rows
              UNION ALL
              SELECT saga_type, status, current_step, stuck_reason, responsible_service, -1 FROM old_rows) changes
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(change) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER saga_count_insert AFTER INSERT ON saga_instance
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saga_count_change();
CREATE TRIGGER saga_count_update AFTER UPDATE ON saga_instance
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saga_count_change();
CREATE TRIGGER saga_count_delete AFTER DELETE ON saga_instance
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION saga_count_change();
CREATE TRIGGER saga_count_truncate AFTER TRUNCATE ON saga_instance
    FOR EACH STATEMENT EXECUTE FUNCTION saga_count_change();

-- the sagas already there: the triggers above hold writers off until this migration commits
INSERT INTO saga_count
SELECT saga_type, status, saga_count_step(status, current_step), saga_count_stuck(status, stuck_reason),
       saga_count_stuck(status, responsible_service), count(*)
FROM saga_instance GROUP BY 1, 2, 3, 4, 5;
