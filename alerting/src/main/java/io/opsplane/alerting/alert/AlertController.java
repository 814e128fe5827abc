package io.opsplane.alerting.alert;

import java.security.Principal;
import java.util.List;

import io.opsplane.alerting.web.Author;
import io.opsplane.alerting.silence.Matcher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/alerts")
@Tag(name = "Alerts", description = "Alerts raised by the alert rules (OPERATOR acknowledges)")
record AlertController(AlertStore alerts) {

    /** A note for the others; who acknowledges is the signed-in user, never a name the client sends. */
    record AckRequest(String comment) {
    }

    @GetMapping
    @Operation(summary = "Alerts newest first: pending and firing ones by default, or those in the state given")
    List<AlertView> list(
            @Parameter(description = "pending, firing or resolved; live (pending and firing) when absent")
            @RequestParam(required = false) String state,
            @Parameter(description = "label matchers, repeatable: saga_type=order-placement, severity!=info, step=~\"charge-.*\"")
            @RequestParam(name = "label", required = false) List<String> labels,
            @RequestParam(defaultValue = "200") int limit) {
        List<Matcher> matchers = labels == null ? List.of() : labels.stream().map(Matcher::parse).toList();
        return alerts.list(state, matchers, limit);
    }

    @GetMapping("/{id}")
    AlertView get(@PathVariable long id) {
        return alerts.find(id);
    }

    @PostMapping("/{id}/ack")
    @Operation(summary = "Acknowledge a pending or firing alert as the signed-in user: body {comment}; repeats of it stop")
    AlertView acknowledge(@PathVariable long id, @RequestBody(required = false) AckRequest request,
                          Principal user) {
        return alerts.acknowledge(id, Author.of(user), request == null ? null : request.comment());
    }
}
