package io.opsplane.console.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsplane.console.web.Lookback;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/kafka/groups")
@Tag(name = "Kafka", description = "Consumer groups on the topics the saga definitions name: lag and progress")
record LagController(ConsumerLag lag) {

    private static final Duration LONGEST_HISTORY = Duration.ofDays(7);

    @GetMapping
    @Operation(summary = "Every consumer group on the watched topics at the last sample, worst first")
    List<GroupLag> groups() {
        return lag.groups(Instant.now());
    }

    @GetMapping("/{group}/history")
    @Operation(summary = "A group's lag per topic over the lookback, oldest first")
    List<LagPoint> history(@PathVariable String group,
                           @Parameter(description = "e.g. 15m, 1h, PT6H") @RequestParam(defaultValue = "1h") String lookback) {
        Duration window = Lookback.parse("lookback", lookback, LONGEST_HISTORY);
        return lag.history(group, window, Instant.now());
    }
}
