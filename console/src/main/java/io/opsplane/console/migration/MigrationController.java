package io.opsplane.console.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsplane.console.web.RequestWindow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Migration", description = "Routes at the edge and the legacy and new services that answer them")
record MigrationController(Migration migration) {

    private static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Long enough for a week-long comparison; longer windows are the trace store's retention anyway. */
    private static final Duration MAX_WINDOW = Duration.ofDays(14);

    /** The migration over a window, and which services count as legacy. */
    record MigrationAnswer(Instant start, Instant end, List<String> legacyServices, List<RouteMigration> routes) {
    }

    @GetMapping("/api/migration/routes")
    @Operation(summary = "Per route at the edge (server spans by http.route), which services answered it over the"
            + " window, legacy and new side by side: share, errors, p95, requests per bucket, and sagas completed")
    MigrationAnswer routes(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant start,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant end) {
        RequestWindow window = RequestWindow.of(start, end, DEFAULT_WINDOW).ordered();
        if (Duration.between(window.from(), window.to()).compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("the window may be at most 14 days");
        }
        return new MigrationAnswer(window.from(), window.to(), migration.legacyServices(),
                migration.routes(window.from(), window.to()));
    }
}
