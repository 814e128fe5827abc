-- The overview's chart counts completions and compensations per time bucket over a bounded window:
-- an index-only range scan of this index, whatever the size of the table. Only terminal rows are in
-- it, and ended_at is set once, so ingestion maintains it once per saga.
CREATE INDEX saga_instance_ended ON saga_instance (ended_at, status) WHERE ended_at IS NOT NULL;
