package io.opsplane.console.compensation.audit;

import java.util.List;

/** Audit entries, newest first; {@code next} is the cursor for the following page, null on the last. */
public record AuditPage(List<AuditEntry> items, String next) {
}
