-- How far saga ingest has read each partition: the latest record timestamp read, written in the transaction of the
-- batch that read it. While a partition is still behind, the stuck scan judges no saga due after that time, since
-- the event that moves it on may wait unread in the backlog.
CREATE TABLE ingest_partition_progress (
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    read_up_to      timestamptz NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
