package io.opsplane.console.engines;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One engine as the monitor last saw it.
 *
 * @param engine     its name: postgres, kafka, search
 * @param required   whether Opsplane stops serving without it (search is not: sagas work without telemetry)
 * @param status     what the last look found
 * @param problem    why it is not UP, in words for the person on call; null when UP
 * @param since      when it entered this status
 * @param latency    how long the last look took to answer; null when it did not answer
 * @param checkedAt  when the last look was made
 * @param lastError  the last problem seen, kept after recovery; null if none since start
 * @param lastErrorAt when that was
 * @param details    what the look found: node counts, missing topics, group members
 */
public record EngineState(String engine, boolean required, EngineStatus status, String problem, Instant since,
                          Duration latency, Instant checkedAt, String lastError, Instant lastErrorAt,
                          Map<String, Object> details) {
}
