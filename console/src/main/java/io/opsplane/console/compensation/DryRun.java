package io.opsplane.console.compensation;

import java.util.List;

/** A preview validated without sending: every check with its result. {@code ok} when all passed. */
public record DryRun(ActionPreview preview, List<Check> checks, boolean ok) {

    public record Check(String name, boolean ok, String detail) {
    }
}
