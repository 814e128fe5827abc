package io.opsplane.console.compensation;

/** One claimed outbox row: a command to send. */
record OutboxRow(long id, long actionId, int seq, String idempotencyKey, String topic, String url, String recordKey,
                 String envelope, int attempts) {
}
