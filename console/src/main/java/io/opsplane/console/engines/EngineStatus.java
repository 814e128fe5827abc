package io.opsplane.console.engines;

/** What the last look at an engine found. */
public enum EngineStatus {
    /** Answered, and everything Opsplane needs from it is there. */
    UP,
    /** Answered, but something Opsplane needs is missing (a topic, a red cluster). */
    DEGRADED,
    /** Did not answer in time, or refused. */
    DOWN
}
