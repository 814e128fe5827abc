package io.opsplane.console.engines;

import java.util.Map;

/** One engine, looked at: answers what it found, or throws what went wrong. Called every few seconds. */
abstract class EngineProbe {

    private final String engine;
    private final boolean required;

    /** {@code required}: whether Opsplane is DOWN without this engine, or only degraded. */
    EngineProbe(String engine, boolean required) {
        this.engine = engine;
        this.required = required;
    }

    String engine() {
        return engine;
    }

    boolean required() {
        return required;
    }

    abstract Look look() throws Exception;

    /** What a look found: a status, why it is not UP (null when it is), and details. */
    record Look(EngineStatus status, String problem, Map<String, Object> details) {
        static Look up(Map<String, Object> details) {
            return new Look(EngineStatus.UP, null, details);
        }
    }
}
