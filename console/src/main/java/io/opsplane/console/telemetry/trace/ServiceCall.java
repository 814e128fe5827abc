package io.opsplane.console.telemetry.trace;

/** Calls from one service to another (parent and child spans of different services), and how many failed. */
public record ServiceCall(String caller, String callee, long calls, long errors) {

    public double errorRatio() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
