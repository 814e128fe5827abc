package io.opsplane.console.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Retention", description = "What Opsplane stores, how long it keeps it, and what the next pass removes")
class RetentionController {

    private final Retention retention;

    RetentionController(Retention retention) {
        this.retention = retention;
    }

    @GetMapping("/api/retention")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Storage per index (docs, bytes) and per table (rows, bytes), how long each kind is kept,"
            + " and what the next pass will remove")
    Retention.Report report() {
        return retention.report();
    }

    @PostMapping("/api/retention/run")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Run a retention pass now (audited), or with dryRun=true list what it would remove")
    Retention.Pass run(@RequestParam(defaultValue = "false") boolean dryRun,
                       @RequestParam(required = false) String reason, Authentication user) {
        return retention.runNow(dryRun, reason, user.getName());
    }
}
