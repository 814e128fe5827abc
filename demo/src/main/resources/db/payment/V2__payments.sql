-- One payment per order: HELD (fault payment-timeout), COMPLETED, FAILED, REFUNDED, VOIDED.
CREATE TABLE payment (
    order_id    text PRIMARY KEY,
    payment_id  text NOT NULL,
    member_id   text,
    amount      numeric(12, 2) NOT NULL,
    status      text NOT NULL,
    reason      text,
    -- a held charge's trace, so its late answer joins the trace of the order
    traceparent text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
