-- Operator actions on one saga (compensate, retry a step, resolve by hand), their commands, and the
-- transactional outbox the commands leave through. The decision, its commands and its audit entry are
-- written in one transaction; a relay sends the outbox rows afterwards.

CREATE TABLE operator_action (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_id         bigint      NOT NULL,
    saga_type       text        NOT NULL,
    correlation_key text        NOT NULL,
    kind            text        NOT NULL,               -- COMPENSATE, RETRY_STEP, RESOLVE
    step            text        NOT NULL DEFAULT '',    -- the retried step; '' for the others
    attempt         int         NOT NULL,
    status          text        NOT NULL,               -- PENDING_APPROVAL, IN_PROGRESS, VERIFIED, UNVERIFIED, FAILED, RESOLVED, REJECTED
    origin          text        NOT NULL,               -- MANUAL, BULK, POLICY
    bulk_job_id     bigint,
    policy_id       bigint,
    requested_by    text        NOT NULL,
    reason          text        NOT NULL,
    requested_at    timestamptz NOT NULL,
    approved_by     text,
    decided_at      timestamptz,
    outcome         text,
    finished_at     timestamptz,
    -- The action's natural key: a second click or a second operator lands on the first action instead of
    -- deciding again. A new attempt is only numbered after the previous one ended without success.
    CONSTRAINT operator_action_natural_key UNIQUE (saga_id, kind, step, attempt)
);
-- At most one open action per saga: a compensation and a retry of the same saga never run at once.
CREATE UNIQUE INDEX operator_action_one_open ON operator_action (saga_id)
    WHERE status IN ('PENDING_APPROVAL', 'IN_PROGRESS');
-- "UNVERIFIED or failed actions since T" for alerting reads only those.
CREATE INDEX operator_action_unsuccessful ON operator_action (finished_at)
    WHERE status IN ('UNVERIFIED', 'FAILED');
CREATE INDEX operator_action_pending ON operator_action (requested_at) WHERE status = 'PENDING_APPROVAL';
CREATE INDEX operator_action_bulk_job ON operator_action (bulk_job_id) WHERE bulk_job_id IS NOT NULL;
CREATE INDEX operator_action_policy ON operator_action (policy_id, requested_at) WHERE policy_id IS NOT NULL;

-- The commands of an action, in the order they are sent: each waits for the outcome of the one before.
CREATE TABLE operator_action_item (
    action_id       bigint      NOT NULL REFERENCES operator_action (id),
    seq             int         NOT NULL,
    saga_id         bigint      NOT NULL,
    step            text        NOT NULL,
    command_type    text        NOT NULL,
    topic           text,
    url             text,
    idempotency_key text        NOT NULL UNIQUE,
    expected_event  text        NOT NULL,
    expects         text        NOT NULL,               -- STEP_COMPENSATED or STEP_DONE: the saga fact that proves it
    timeout_ms      bigint      NOT NULL,
    envelope        text        NOT NULL,               -- the CloudEvent as previewed and sent
    state           text        NOT NULL,               -- WAITING, QUEUED, SENT, VERIFIED, UNVERIFIED, FAILED, NOT_SENT
    sent_at         timestamptz,
    deadline        timestamptz,
    verified_at     timestamptz,
    error           text,
    PRIMARY KEY (action_id, seq)
);
-- The verification check reads only commands that await their outcome, by deadline.
CREATE INDEX operator_action_item_awaiting ON operator_action_item (deadline) WHERE state = 'SENT';

CREATE TABLE command_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id       bigint      NOT NULL,
    seq             int         NOT NULL,
    -- one row per command ever: a decision replayed after a crash cannot queue it twice
    idempotency_key text        NOT NULL UNIQUE,
    topic           text,
    url             text,
    record_key      text        NOT NULL,
    envelope        text        NOT NULL,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    last_error      text,
    sent_at         timestamptz,
    failed_at       timestamptz
);
CREATE INDEX command_outbox_due ON command_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
