-- Alerting: rules stored through the API, alerts and their lifecycle, notification groups, silences,
-- and the delivery outbox with its log. Rules from the rules file are not stored here.

CREATE TABLE alert_rule (
    name       text        PRIMARY KEY,
    -- the rule as the API received it (JSON), read back through the same parser as the rules file
    body       text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row per rule, file or API: how its last evaluation went. Evaluations of a rule lock its row,
-- so two evaluations of the same rule never interleave whatever the scheduler does.
CREATE TABLE alert_rule_state (
    rule_name         text        PRIMARY KEY,
    health            text        NOT NULL,
    last_error        text,
    last_evaluated_at timestamptz,
    last_duration_ms  double precision,
    series            int         NOT NULL DEFAULT 0
);

CREATE TABLE alert (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_name       text        NOT NULL,
    fingerprint     text        NOT NULL,
    labels          jsonb       NOT NULL,
    annotations     jsonb       NOT NULL,
    generator_url   text        NOT NULL,
    value           double precision NOT NULL,
    samples         text[]      NOT NULL DEFAULT '{}',
    state           text        NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    active_at       timestamptz NOT NULL,
    fired_at        timestamptz,
    resolved_at     timestamptz,
    last_seen_at    timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamptz,
    ack_comment     text
);
-- at most one live alert per label set; resolved ones stay as history
CREATE UNIQUE INDEX alert_live ON alert (fingerprint) WHERE state <> 'resolved';
CREATE INDEX alert_rule_live ON alert (rule_name) WHERE state <> 'resolved';
CREATE INDEX alert_recent ON alert (active_at DESC, id DESC);

-- A notification group as Alertmanager keeps one: per route (hence receiver) and the values of the
-- route's group_by labels. flush_at is when it must next be looked at (group_wait, group_interval,
-- repeat_interval, a silence ending); null when it waits for a change.
CREATE TABLE alert_group (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_key         text        NOT NULL UNIQUE,
    receiver          text        NOT NULL,
    group_labels      jsonb       NOT NULL,
    group_wait_ms     bigint      NOT NULL,
    group_interval_ms bigint      NOT NULL,
    repeat_interval_ms bigint     NOT NULL,
    created_at        timestamptz NOT NULL,
    flush_at          timestamptz,
    last_notified_at  timestamptz
);
CREATE INDEX alert_group_due ON alert_group (flush_at) WHERE flush_at IS NOT NULL;

-- Which alerts a group holds and what the group last told its receiver about each (null: nothing yet).
CREATE TABLE alert_group_member (
    group_id       bigint NOT NULL REFERENCES alert_group (id) ON DELETE CASCADE,
    alert_id       bigint NOT NULL REFERENCES alert (id),
    notified_state text,
    PRIMARY KEY (group_id, alert_id)
);
CREATE INDEX alert_group_member_alert ON alert_group_member (alert_id);

CREATE TABLE silence (
    id         uuid        PRIMARY KEY,
    -- [{"name":..,"value":..,"isRegex":..,"isEqual":..}], Alertmanager's matcher shape
    matchers   jsonb       NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text        NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX silence_ends ON silence (ends_at);

-- The outbox: every notification is written here in the transaction that decided it, then sent.
-- Within (receiver, group_key) deliveries go strictly in id order: a later one waits for the earlier.
CREATE TABLE alert_delivery (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    receiver        text        NOT NULL,
    group_key       text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('alert', 'test', 'operator-action')),
    -- Standard Webhooks webhook-id: the same on every attempt, so a receiver can drop a repeat
    webhook_id      text        NOT NULL UNIQUE,
    body            text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_status     int,
    last_error      text
);
CREATE INDEX alert_delivery_pending ON alert_delivery (receiver, group_key, id) WHERE status = 'pending';
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alert_delivery_receiver ON alert_delivery (receiver, id DESC);

CREATE TABLE alert_delivery_attempt (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  bigint      NOT NULL REFERENCES alert_delivery (id),
    attempted_at timestamptz NOT NULL,
    status_code  int,
    error        text,
    duration_ms  double precision NOT NULL,
    sent_by      text        NOT NULL
);
CREATE INDEX alert_delivery_attempt_delivery ON alert_delivery_attempt (delivery_id);
