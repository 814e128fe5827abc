package io.opsplane.demo.command;

import io.opsplane.demo.messaging.IncomingMessage;

/**
 * One command type of a service: all that differs between commands. {@link CommandProcessor} does
 * the rest (once per idempotency key, the reply topic, answering a repeat with the first outcome).
 *
 * @param type              the command type it answers, e.g. {@code ReleaseStock}
 * @param defaultReplyTopic where the outcome goes when the command names no {@code replyto}
 * @param action            applies the command
 */
public record CommandHandler(String type, String defaultReplyTopic, Action action) {

    /**
     * Applies a command inside the caller's transaction and writes its outcome event to the outbox
     * on {@code replyTopic}; answers the outbox row's id.
     */
    @FunctionalInterface
    public interface Action {
        long apply(IncomingMessage command, String replyTopic);
    }

    long apply(IncomingMessage command, String replyTopic) {
        return action.apply(command, replyTopic);
    }
}
