-- Bulk actions: the sagas a filter selected when the job was created, each acted on once, driven by
-- whichever console instance holds the job's row lock; all state is here, so a job survives restarts.
CREATE TABLE bulk_job (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL,
    filter          text        NOT NULL,      -- the saga list filter, as JSON with the list's parameter names
    reason          text        NOT NULL,
    requested_by    text        NOT NULL,
    origin          text        NOT NULL,      -- MANUAL or POLICY
    policy_id       bigint,
    status          text        NOT NULL,      -- PENDING_APPROVAL, CANARY, REVIEW, RUNNING, PAUSED, CANCELLED, DONE, REJECTED
    total           int         NOT NULL,
    canary_size     int         NOT NULL,
    rate_per_second int         NOT NULL,
    processed       int         NOT NULL DEFAULT 0,
    acted           int         NOT NULL DEFAULT 0,
    skipped         int         NOT NULL DEFAULT 0,
    approved_by     text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    finished_at     timestamptz
);
CREATE INDEX bulk_job_active ON bulk_job (id) WHERE status IN ('CANARY', 'RUNNING');

CREATE TABLE bulk_job_item (
    job_id       bigint      NOT NULL REFERENCES bulk_job (id),
    seq          int         NOT NULL,
    saga_id      bigint      NOT NULL,
    state        text        NOT NULL,     -- PENDING, ACTED, SKIPPED
    action_id    bigint,
    result       text,
    processed_at timestamptz,
    PRIMARY KEY (job_id, seq),
    CONSTRAINT bulk_job_item_once UNIQUE (job_id, saga_id)
);
CREATE INDEX bulk_job_item_pending ON bulk_job_item (job_id, seq) WHERE state = 'PENDING';
