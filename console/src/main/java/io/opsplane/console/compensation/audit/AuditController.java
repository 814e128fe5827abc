package io.opsplane.console.compensation.audit;

import java.time.Instant;

import io.opsplane.console.saga.SagaQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit", description = "The append-only log of operator actions")
record AuditController(AuditLog audit, AuditChain chain, SagaQueries sagas) {

    @GetMapping("/verify")
    @Operation(summary = "Walks the audit log's hash chain: intact up to which entry, or the first entry that was changed,"
            + " removed or slipped in")
    AuditVerification verify() {
        return chain.verify();
    }

    @GetMapping
    @Operation(summary = "Audit entries, newest first, with keyset paging")
    AuditPage list(@Parameter(description = "a user name, policy:<name> or opsplane") @RequestParam(required = false) String actor,
                   @Parameter(description = "e.g. ACTION_REQUESTED, ACTION_VERIFIED, BULK_CREATED") @RequestParam(required = false) String action,
                   @RequestParam(required = false) Long sagaId,
                   @Parameter(description = "a correlation key or any business key value, e.g. o-1001: the entries about "
                           + "the sagas it finds (at most 500)") @RequestParam(required = false) String sagaKey,
                   @RequestParam(required = false) Long actionId,
                   @RequestParam(required = false) Long bulkJobId,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                   @Parameter(description = "the next cursor of the previous page") @RequestParam(required = false) String before,
                   @RequestParam(defaultValue = "100") int limit) {
        return audit.find(new AuditQuery(blankToNull(actor), blankToNull(action), sagaId, actionId, bulkJobId, from, to,
                sagaKey == null || sagaKey.isBlank() ? null : sagas.foundBy(sagaKey, SagaQueries.MAX_PAGE)),
                before, limit);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
