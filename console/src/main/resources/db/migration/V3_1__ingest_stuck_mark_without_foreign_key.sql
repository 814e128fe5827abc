-- Like saga_event, a stuck mark needs no foreign key: the scan writes it in the transaction that holds
-- its instance's row lock, and instances are never deleted. The per-row key check (a lookup and a
-- lock) was paid for every mark, and a catch-up after an outage marks tens of thousands at once.
ALTER TABLE saga_stuck_mark DROP CONSTRAINT IF EXISTS saga_stuck_mark_saga_id_fkey;
