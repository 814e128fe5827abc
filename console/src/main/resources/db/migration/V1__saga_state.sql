-- Saga instances rebuilt from the events the services publish.
-- progress holds the merged facts (per-step first times); every other state column is derived from it
-- by the instance's definition version, so replays and shuffles converge on the same row.
CREATE TABLE saga_instance (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_type           text        NOT NULL,
    definition_version  int         NOT NULL,
    correlation_key     text        NOT NULL,
    business_keys       jsonb       NOT NULL DEFAULT '{}',
    -- correlation key, business key values and trace ids: what the search box matches
    search_keys         text[]      NOT NULL DEFAULT '{}',
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
    progress            jsonb       NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT saga_instance_key UNIQUE (saga_type, correlation_key)
);

-- The stuck scan reads only what is due: its cost follows the due rows, not the table.
CREATE INDEX saga_instance_due ON saga_instance (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX saga_instance_started ON saga_instance (started_at DESC, id DESC);
CREATE INDEX saga_instance_status ON saga_instance (status, started_at DESC, id DESC);
CREATE INDEX saga_instance_type ON saga_instance (saga_type, started_at DESC, id DESC);
CREATE INDEX saga_instance_search ON saga_instance USING gin (search_keys);

CREATE TABLE saga_event (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_id         bigint      NOT NULL REFERENCES saga_instance (id),
    event_id        text        NOT NULL,
    event_name      text        NOT NULL,
    kind            text        NOT NULL,
    step            text,
    payload         jsonb,
    trace_id        text,
    span_id         text,
    topic           text,
    kafka_partition int,
    kafka_offset    bigint,
    event_time      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    -- one event may belong to sagas of several types, so duplicates are judged per saga
    CONSTRAINT saga_event_id UNIQUE (saga_id, event_id),
    CONSTRAINT saga_event_record UNIQUE (saga_id, topic, kafka_partition, kafka_offset)
);
CREATE INDEX saga_event_trace ON saga_event (trace_id) WHERE trace_id IS NOT NULL;

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
