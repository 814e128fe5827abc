-- The language a receiver's notifications are written in, when changed through the API or the
-- console; a receiver without a row speaks what opsplane.alerting.receivers[].language says (en).
CREATE TABLE alert_receiver_language (
    receiver   text        PRIMARY KEY,
    language   text        NOT NULL CHECK (language IN ('en', 'ko')),
    updated_at timestamptz NOT NULL,
    updated_by text        NOT NULL
);
