package io.opsplane.demo.command;

import io.opsplane.demo.messaging.IncomingMessage;

/** Applies one command type; {@link CommandProcessor} makes sure it runs once per idempotency key. */
public interface CommandHandler {

    /** The command type it answers, e.g. {@code ReleaseStock}. */
    String type();

    /** Where the outcome goes when the command names no {@code replyto}. */
    String defaultReplyTopic();

    /**
     * Applies the command inside the caller's transaction and writes its outcome event to the
     * outbox on {@code replyTopic}; answers the outbox row's id.
     */
    long apply(IncomingMessage command, String replyTopic);
}
