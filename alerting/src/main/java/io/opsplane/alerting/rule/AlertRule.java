package io.opsplane.alerting.rule;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert rule. Fields a kind does not use are null. An alert fires once the rule's condition
 * ({@code value >= threshold}) has held for {@code forDuration}, checked every {@code interval}.
 *
 * @param source where the rule was defined: "file:line", or "api" for rules stored in the database
 */
public record AlertRule(
        String name,
        RuleKind kind,
        String source,
        String sagaType,
        String step,
        String reason,
        String outcome,
        String service,
        String operation,
        String route,
        String query,
        Duration window,
        long minSamples,
        double threshold,
        Duration forDuration,
        Duration interval,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public boolean fromApi() {
        return "api".equals(source);
    }

    /** The rule in the shape of its definition (as written in the rules file), for the API. */
    public Map<String, Object> definition() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("kind", kind.id());
        putIf(out, "sagaType", sagaType);
        putIf(out, "step", step);
        putIf(out, "reason", reason);
        putIf(out, "outcome", outcome);
        putIf(out, "service", service);
        putIf(out, "operation", operation);
        putIf(out, "route", route);
        putIf(out, "query", query);
        putIf(out, "window", window == null ? null : RuleParser.format(window));
        if (kind.fields().contains("minSagas")) {
            out.put("minSagas", minSamples);
        } else if (kind.fields().contains("minSpans")) {
            out.put("minSpans", minSamples);
        }
        out.put("threshold", threshold);
        out.put("for", RuleParser.format(forDuration));
        out.put("interval", RuleParser.format(interval));
        out.put("severity", severity);
        out.put("labels", labels);
        out.put("annotations", annotations);
        return out;
    }

    private static void putIf(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
