package io.opsplane.console.why;

import java.time.Instant;

import io.opsplane.console.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Sagas")
record WhyController(StuckExplanations explanations) {

    @GetMapping("/api/sagas/{id}/why")
    @Operation(summary = "Why the saga is not moving: one sentence, then the responsible service's consumer lag, the"
            + " awaited event's topic, its warnings and errors around the due time, and the sagas waiting at the same step")
    StuckExplanation why(@PathVariable long id) {
        return explanations.explain(id, Instant.now()).orElseThrow(() -> new NotFoundException("no saga " + id));
    }
}
