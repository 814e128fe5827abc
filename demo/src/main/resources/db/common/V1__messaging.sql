-- The transactional outbox: written in the transaction of the change it announces, published by the relay.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text NOT NULL,
    message_key  text,
    headers      jsonb NOT NULL,
    payload      text NOT NULL,
    event_id     text NOT NULL,
    message_type text NOT NULL,
    -- the W3C trace context of the work that wrote it, so publishing continues that trace
    traceparent  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Events each consumer has applied, by event id: redeliveries and republished events change nothing.
CREATE TABLE processed_message (
    consumer     text NOT NULL,
    message_id   text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

-- Commands applied, by idempotency key, with the outcome event they were answered with.
CREATE TABLE applied_command (
    idempotency_key   text PRIMARY KEY,
    command_type      text NOT NULL,
    command_id        text NOT NULL,
    outcome_outbox_id bigint,
    applied_at        timestamptz NOT NULL DEFAULT now()
);
