-- How many sagas there are by type and status (and, for stuck ones, by step, reason and responsible service),
-- kept as the table changes rather than counted from it: counting 10,000,000 sagas took the overview 2 s and
-- the metrics 1.3 s of PostgreSQL's CPU every refresh. Every statement that adds, changes or deletes sagas
-- appends its net change here, one row per count it moved, so writers never wait on each other's counters;
-- SagaStore.foldCounts sums the rows into one per count. A count is the sum of its rows.
CREATE TABLE saga_count (
    saga_type           text   NOT NULL,
    status              text   NOT NULL,
    -- a stuck saga's step, reason and responsible service; null for every other status
    current_step        text,
    stuck_reason        text,
    responsible_service text,
    sagas               bigint NOT NULL
);

CREATE FUNCTION saga_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM saga_count;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO saga_count
        SELECT saga_type, status, CASE WHEN status = 'STUCK' THEN current_step END,
               CASE WHEN status = 'STUCK' THEN stuck_reason END,
               CASE WHEN status = 'STUCK' THEN responsible_service END, count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO saga_count
        SELECT saga_type, status, CASE WHEN status = 'STUCK' THEN current_step END,
               CASE WHEN status = 'STUCK' THEN stuck_reason END,
               CASE WHEN status = 'STUCK' THEN responsible_service END, -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4, 5;
    ELSE
        -- Most updates move a saga on within its status: they cancel out and append nothing. Summed, not joined by
        -- id: a transition table has no statistics, and a nested loop over two of them took ingest to a third.
        INSERT INTO saga_count
        SELECT saga_type, status, step, reason, service, sum(change)
        FROM (SELECT saga_type, status, CASE WHEN status = 'STUCK' THEN current_step END AS step,
                     CASE WHEN status = 'STUCK' THEN stuck_reason END AS reason,
                     CASE WHEN status = 'STUCK' THEN responsible_service END AS service, 1 AS change
              FROM new_rows
              UNION ALL
              SELECT saga_type, status, CASE WHEN status = 'STUCK' THEN current_step END,
                     CASE WHEN status = 'STUCK' THEN stuck_reason END,
                     CASE WHEN status = 'STUCK' THEN responsible_service END, -1
              FROM old_rows) changes
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
SELECT saga_type, status, CASE WHEN status = 'STUCK' THEN current_step END,
       CASE WHEN status = 'STUCK' THEN stuck_reason END,
       CASE WHEN status = 'STUCK' THEN responsible_service END, count(*)
FROM saga_instance GROUP BY 1, 2, 3, 4, 5;
