-- The outbox row of the event that announced a charge's outcome (PaymentCompleted or PaymentFailed), so a
-- re-publish request (RepublishPayment) sends that same event again.
ALTER TABLE payment ADD COLUMN outcome_outbox_id bigint;
