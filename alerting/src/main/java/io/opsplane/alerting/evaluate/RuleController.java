package io.opsplane.alerting.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsplane.alerting.alert.AlertStore;
import io.opsplane.alerting.alert.RuleState;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.RuleCatalog;
import io.opsplane.alerting.web.AlertingProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Alert rules with how their evaluations go; ADMIN creates, changes and deletes the stored ones. */
@RestController
@RequestMapping("/api/alert-rules")
@Tag(name = "Alert rules", description = "Rules from the rules file (read-only here) and rules stored through this API")
record RuleController(RuleCatalog catalog, AlertStore alerts) {

    @GetMapping
    @Operation(summary = "Every rule: its definition, where it is defined, and its last evaluation (health "
            + "OK, NO_DATA with the reason, or ERROR)")
    List<Map<String, Object>> list() {
        Map<String, RuleState> states = states();
        return catalog.all().stream().map(r -> view(r, states.get(r.name()))).toList();
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String name) {
        return view(rule(name), states().get(name));
    }

    @PostMapping(consumes = {"application/json", "application/yaml", "application/x-yaml"})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Store a new rule: the fields of a rules-file entry, as JSON")
    Map<String, Object> create(@RequestBody String body) {
        return view(catalog.create(body), null);
    }

    @PutMapping(path = "/{name}", consumes = {"application/json", "application/yaml", "application/x-yaml"})
    @Operation(summary = "Replace a stored rule (its name cannot change)")
    Map<String, Object> update(@PathVariable String name, @RequestBody String body) {
        return view(catalog.update(name, body), states().get(name));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a stored rule; its firing alerts are resolved and notified as such")
    void delete(@PathVariable String name) {
        catalog.delete(name);
    }

    private AlertRule rule(String name) {
        return catalog.find(name).orElseThrow(() -> new AlertingProblems.NotFound("no alert rule named '" + name + "'"));
    }

    private Map<String, RuleState> states() {
        return alerts.ruleStates().stream().collect(Collectors.toMap(RuleState::rule, Function.identity()));
    }

    private static Map<String, Object> view(AlertRule rule, RuleState state) {
        Map<String, Object> view = new LinkedHashMap<>(rule.definition());
        view.put("source", rule.source());
        view.put("editable", rule.fromApi());
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("health", state == null ? "NOT_YET_EVALUATED" : state.health().name());
        if (state != null) {
            evaluation.put("lastError", state.lastError());
            evaluation.put("lastEvaluatedAt", state.lastEvaluatedAt());
            evaluation.put("lastDurationMs", state.lastDurationMs());
            evaluation.put("series", state.series());
        }
        view.put("evaluation", evaluation);
        return view;
    }
}
