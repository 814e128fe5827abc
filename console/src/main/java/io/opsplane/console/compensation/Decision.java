package io.opsplane.console.compensation;

/**
 * The answer to a confirmation: the action, and whether this confirmation created it ({@code created} false: an
 * earlier confirmation of the same action, by this or another operator, did, and nothing more is sent).
 */
public record Decision(OperatorAction action, boolean created) {
}
