package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.console.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/sagas")
@Tag(name = "Sagas", description = "Saga instances rebuilt from the services' events")
record SagaController(SagaQueries queries) {

    @GetMapping
    @Operation(summary = "List sagas with keyset paging: newest first, or stuck longest first when listing stuck sagas")
    SagaPage list(
            @RequestParam(required = false) String type,
            @RequestParam(required = false) SagaStatus status,
            @RequestParam(required = false) StuckReason stuckReason,
            @Parameter(description = "the service responsible for the step the saga waits on, e.g. payment")
            @RequestParam(required = false) String service,
            @Parameter(description = "name=value, e.g. orderId=o-1001")
            @RequestParam(required = false) String businessKey,
            @RequestParam(required = false) String correlationKey,
            @Parameter(description = "a correlation key, any business key value or a trace id")
            @RequestParam(required = false) String q,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant startedFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant startedTo,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant progressFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant progressTo,
            @Parameter(description = "ISO-8601 duration such as PT15M")
            @RequestParam(required = false) Duration stuckLongerThan,
            @Parameter(description = "the step the saga waits on, e.g. charge-payment")
            @RequestParam(required = false) String step,
            @Parameter(description = "newest, oldest, waiting (longest without progress first), progress (latest "
                    + "progress first) or stuck (stuck longest first); default: stuck for stuck sagas, else newest")
            @RequestParam(required = false) String sort,
            @Parameter(description = "the next cursor of the previous page")
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "50") int limit) {
        SagaFilter filter = new SagaFilter(type, status, stuckReason, service, businessKey, correlationKey, q, startedFrom,
                startedTo, progressFrom, progressTo, stuckLongerThan).withStep(step == null || step.isBlank() ? null : step);
        SagaSort order = sort == null || sort.isBlank() ? SagaSort.defaultFor(filter) : SagaSort.fromParameter(sort);
        return queries.list(filter, order, after, limit, Instant.now());
    }

    @GetMapping("/counts")
    @Operation(summary = "Counts by type and status, and stuck sagas by reason and by responsible service")
    SagaCounts counts() {
        return queries.counts();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One saga with its steps as defined and its events",
            description = "For a VIEWER, masked fields and values are masked (docs/security.md).")
    SagaDetail get(@PathVariable long id) {
        return queries.find(id).orElseThrow(() -> new NotFoundException("no saga with id " + id));
    }
}
