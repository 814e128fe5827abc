-- What a re-publish request (RepublishReservation) needs to announce a reservation's outcome again: the member
-- and amount the payment charges on StockReserved, the reason of a failed reservation (status FAILED), and the
-- outbox row of the outcome event last written for it (null when the inventory-drop fault swallowed it).
ALTER TABLE reservation
    ADD COLUMN member_id         text,
    ADD COLUMN amount            numeric(12, 2),
    ADD COLUMN reason            text,
    ADD COLUMN outcome_outbox_id bigint;
