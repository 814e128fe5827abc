-- How far saga ingest has read each partition, written in the transaction of the batch that read it: read_up_to is
-- the latest record timestamp read, read_at when a batch last read from it. While a partition is still behind, the
-- stuck scan judges no saga due after read_up_to, since the event that moves it on may wait unread in the backlog;
-- a partition nothing has been read from for a while (read_at) no longer holds the scan back.
CREATE TABLE ingest_partition_progress (
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    read_up_to      timestamptz NOT NULL,
    read_at         timestamptz NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
