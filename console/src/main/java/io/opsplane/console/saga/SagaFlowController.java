package io.opsplane.console.saga;

import java.time.Duration;
import java.time.Instant;

import io.opsplane.console.web.Lookback;
import io.opsplane.console.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Sagas")
record SagaFlowController(SagaFlows flows) {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(7);

    @GetMapping("/api/saga-flows/{type}")
    @Operation(summary = "A saga type's steps with the open sagas at each, by status, and step durations over the lookback",
            description = "The live counts are those of the saga list filtered by type, status and step; durations"
                    + " and paths are those of the sagas started within the lookback.")
    SagaFlow flow(@PathVariable String type,
                  @Parameter(description = "e.g. 15m, 1h, PT6H; at most 7d") @RequestParam(defaultValue = "1h") String lookback) {
        Duration window = Lookback.parse("lookback", lookback, LONGEST_WINDOW);
        Instant now = Instant.now();
        SagaFlow flow = flows.flow(type, now.minus(window), now);
        if (flow == null) {
            throw new NotFoundException("no saga type '" + type + "' is defined");
        }
        return flow;
    }
}
