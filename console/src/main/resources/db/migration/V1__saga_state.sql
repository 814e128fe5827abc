-- Saga instances rebuilt from the events the services publish.
-- progress holds the merged facts (per-step first times); every other state column is derived from it
-- by the instance's definition version, so replays and shuffles converge on the same row.
CREATE TABLE saga_instance (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_type           text        NOT NULL,
    definition_version  int         NOT NULL,
    correlation_key     text        NOT NULL,
    business_keys       jsonb       NOT NULL DEFAULT '{}',
    trace_ids           text[]      NOT NULL DEFAULT '{}',
    status              text        NOT NULL,
    current_step        text,
    next_event          text,
    responsible_service text,
    stuck_reason        text,
    stuck_since         timestamptz,
    started_at          timestamptz NOT NULL,
    last_progress_at    timestamptz NOT NULL,
    step_deadline       timestamptz,
    saga_deadline       timestamptz,
    -- when the stuck scan must look at this instance; null once terminal or already stuck
    due_at              timestamptz,
    ended_at            timestamptz,
    event_count         int         NOT NULL DEFAULT 0,
    -- read only by Opsplane itself, so kept as text rather than paying for jsonb on every update
    progress            text        NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT saga_instance_key UNIQUE (saga_type, correlation_key)
) WITH (fillfactor = 80); -- room on the page lets updates that touch no indexed column stay HOT

-- The stuck scan reads only what is due: its cost follows the due rows, not the table.
CREATE INDEX saga_instance_due ON saga_instance (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX saga_instance_started ON saga_instance (started_at DESC, id DESC);
-- lists by status are mostly of the sagas that need attention; the others are the bulk and
-- are served well enough by the started_at index, so ingestion does not maintain them twice
CREATE INDEX saga_instance_attention ON saga_instance (status, started_at DESC, id DESC)
    WHERE status IN ('STUCK', 'FAILED', 'COMPENSATING');

-- What the search box matches: correlation keys, business key values and trace ids, each written
-- once when it is new to its saga, so the many updates of a saga's state never touch this table
-- (and the events need no index of their own on trace ids).
CREATE TABLE saga_key (
    key_value text   NOT NULL,
    saga_id   bigint NOT NULL,
    PRIMARY KEY (key_value, saga_id)
);

-- No foreign key to saga_instance: every event is written in the transaction that holds its
-- instance's row lock, and a per-row key check would cost ingestion a lookup and a lock each.
CREATE TABLE saga_event (
    saga_id         bigint      NOT NULL,
    event_id        text        NOT NULL,
    event_name      text        NOT NULL,
    kind            text        NOT NULL,
    step            text,
    -- validated JSON as the service sent it; json (not jsonb) keeps ingestion cheap
    payload         json,
    trace_id        text,
    span_id         text,
    topic           text,
    kafka_partition int,
    kafka_offset    bigint,
    event_time      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    -- One event may belong to sagas of several types, so duplicates are judged per saga. An event
    -- without an id of its own is given its topic/partition/offset as id, so a redelivered record
    -- is caught here too.
    PRIMARY KEY (saga_id, event_id)
);

-- Records that could not be read as saga events, kept byte for byte with the reason.
CREATE TABLE dead_letter (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    record_key      bytea,
    headers         jsonb       NOT NULL DEFAULT '{}',
    raw_value       bytea,
    reason          text        NOT NULL,
    saga_type       text,
    received_at     timestamptz NOT NULL,
    CONSTRAINT dead_letter_record UNIQUE (topic, kafka_partition, kafka_offset, reason)
);
CREATE INDEX dead_letter_received ON dead_letter (received_at DESC, id DESC);

-- Events on watched topics that no definition recognises: counted, not errors.
CREATE TABLE unmatched_event (
    topic      text        NOT NULL,
    event_type text        NOT NULL,
    count      bigint      NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (topic, event_type)
);

-- Every transition into STUCK, with the scheduler instance that made it.
CREATE TABLE saga_stuck_mark (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_id   bigint      NOT NULL REFERENCES saga_instance (id),
    reason    text        NOT NULL,
    step      text,
    marked_at timestamptz NOT NULL,
    marked_by text        NOT NULL
);
CREATE INDEX saga_stuck_mark_saga ON saga_stuck_mark (saga_id);
