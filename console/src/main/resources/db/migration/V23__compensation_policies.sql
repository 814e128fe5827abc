-- Automatic compensation: rules per saga type, stuck reason and step, the global kill switch and the
-- approval threshold above which a second operator must approve.
CREATE TABLE compensation_settings (
    id                 int         PRIMARY KEY CHECK (id = 1),
    kill_switch        boolean     NOT NULL,
    approval_threshold int         NOT NULL CHECK (approval_threshold >= 0),
    updated_by         text        NOT NULL,
    updated_at         timestamptz NOT NULL
);
INSERT INTO compensation_settings VALUES (1, false, 20, 'opsplane', now());

CREATE TABLE compensation_policy (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL UNIQUE,
    saga_type     text        NOT NULL,
    stuck_reason  text,
    step          text,
    min_stuck_ms  bigint      NOT NULL CHECK (min_stuck_ms > 0),
    max_per_hour  int         NOT NULL CHECK (max_per_hour > 0),
    enabled       boolean     NOT NULL,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL
);
