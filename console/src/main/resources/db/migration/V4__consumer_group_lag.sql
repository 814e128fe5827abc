-- Consumer-group lag on the topics the saga definitions name, sampled by one console at a time (Quartz).

-- Each group at the last sample that saw it.
CREATE TABLE consumer_group (
    group_id   text        PRIMARY KEY,
    state      text        NOT NULL,
    members    int         NOT NULL,
    sampled_at timestamptz NOT NULL
);

-- Each partition a group consumes or committed on. last_progress_at is when its committed offset last moved or it
-- was last caught up: "no progress for 52 s" is read from it.
CREATE TABLE consumer_group_partition (
    group_id         text        NOT NULL REFERENCES consumer_group ON DELETE CASCADE,
    topic            text        NOT NULL,
    kafka_partition  int         NOT NULL,
    committed_offset bigint,
    end_offset       bigint      NOT NULL,
    last_progress_at timestamptz NOT NULL,
    sampled_at       timestamptz NOT NULL,
    PRIMARY KEY (group_id, topic, kafka_partition)
);

-- Each watched topic's records so far (its partitions' end offsets added up); last_append_at is when a sample
-- last found more than the one before.
CREATE TABLE topic_activity (
    topic          text        PRIMARY KEY,
    records        bigint      NOT NULL,
    last_append_at timestamptz,
    sampled_at     timestamptz NOT NULL
);

-- A group's lag per topic at every sample, for the charts; kept for opsplane.lag.keep.
CREATE TABLE consumer_lag_sample (
    group_id   text        NOT NULL,
    topic      text        NOT NULL,
    sampled_at timestamptz NOT NULL,
    lag        bigint      NOT NULL,
    PRIMARY KEY (group_id, topic, sampled_at)
);
CREATE INDEX consumer_lag_sample_age ON consumer_lag_sample (sampled_at);
