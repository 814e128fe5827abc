package io.opsplane.console.definition;

import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Definitions", description = "The saga definitions in force")
record DefinitionController(SagaDefinitions definitions) {

    record DefinitionView(String type, int version, String source, String startedBy, List<StepView> steps,
                          String completedBy, String compensatedBy, Duration deadline, List<String> topics) {
    }

    record StepView(String name, String service, Duration timeout, String completedBy, String failedBy,
                    String retryCommand, String compensationCommand, String compensatedBy) {
    }

    @GetMapping("/api/definitions")
    @Operation(summary = "Every loaded version of every saga definition")
    List<DefinitionView> list() {
        return definitions.all().stream().map(d -> new DefinitionView(d.type(), d.version(), d.source(), d.startedBy(),
                d.steps().stream().map(s -> new StepView(s.name(), s.service(), d.timeoutOf(s), s.completedBy(),
                        s.failedBy(), s.retryCommand() == null ? null : s.retryCommand().type(),
                        s.compensable() ? s.compensation().commandType() : null,
                        s.compensable() ? s.compensation().completedBy() : null)).toList(),
                d.completedBy(), d.compensatedBy(), d.deadline(),
                d.events().values().stream().flatMap(List::stream).map(EventMatcher::topic).distinct().sorted().toList())).toList();
    }
}
