package io.opsplane.console.ingest;

/** A record that cannot be read as a saga event; its message becomes the dead letter's reason. */
class MalformedRecordException extends Exception {

    MalformedRecordException(String reason) {
        super(reason, null, false, false);
    }
}
