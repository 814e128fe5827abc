package io.opsplane.console.telemetry.log;

import java.util.List;

/** A page of log records; {@code next} is the cursor for the following page, null on the last. */
public record LogPage(List<LogEntry> items, String next) {
}
