package io.opsplane.console.ingest;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
@Tag(name = "Ingestion", description = "Records that were not applied to any saga")
record IngestController(IngestStore store, DeadLetters deadLetters) {

    @GetMapping("/dead-letters")
    @Operation(summary = "Dead letters, newest first; 'before' is the next value of the previous page",
            description = "For a VIEWER, masked fields and values are masked in the value, key and headers,"
                    + " in any encoding (docs/security.md).")
    DeadLetters.Page deadLetters(@RequestParam(required = false) Long before,
                                 @RequestParam(defaultValue = "50") int limit) {
        return deadLetters.page(before, limit);
    }

    @GetMapping("/unmatched-events")
    @Operation(summary = "Events on watched topics that no saga definition recognises, counted by topic and type")
    List<IngestStore.UnmatchedEvent> unmatched() {
        return store.unmatched();
    }
}
