package io.opsplane.alerting.rule;

import static io.opsplane.support.yaml.YamlNodes.line;
import static io.opsplane.support.yaml.YamlNodes.value;

import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.opsplane.support.yaml.YamlNodes;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads alert rules from YAML on SnakeYAML's node tree, so that every problem names the source and
 * line. A rules file holds {@code rules:} with a list of rules; the REST API sends one rule as JSON,
 * which is YAML too and goes through the same checks.
 */
public final class RuleParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_:.-]*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> COMMON = Set.of("name", "kind", "for", "interval", "severity", "labels",
            "annotations");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final Set<String> RESERVED_LABELS = Set.of("alertname", "severity");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final String source;
    private final YamlNodes<RuleException> yaml;

    private RuleParser(String source) {
        this.source = source;
        this.yaml = new YamlNodes<>(source, RuleException::new);
    }

    /** Every rule of a rules file; names must be unique within it. */
    public static List<AlertRule> parseFile(String source, Reader reader) {
        RuleParser parser = new RuleParser(source);
        Node root = parser.compose(reader);
        if (root == null) {
            return List.of();
        }
        Map<String, NodeTuple> top = parser.yaml.fields(root, "a rules file", "rules");
        Node rules = value(top, "rules");
        if (rules == null) {
            return List.of();
        }
        if (!(rules instanceof SequenceNode list)) {
            throw parser.yaml.problem(rules, "rules must be a list of rules");
        }
        List<AlertRule> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node node : list.getValue()) {
            AlertRule rule = parser.rule(node, source + ":" + line(node));
            if (!names.add(rule.name())) {
                throw parser.yaml.problem(node, "rule '" + rule.name() + "' is defined twice");
            }
            parsed.add(rule);
        }
        return parsed;
    }

    /** One rule as the REST API receives it (JSON or YAML); {@code origin} is recorded as its source. */
    public static AlertRule parseOne(String source, String text, String origin) {
        RuleParser parser = new RuleParser(source);
        Node root = parser.compose(new StringReader(text));
        if (root == null) {
            throw new RuleException(source + ": holds no rule");
        }
        return parser.rule(root, origin);
    }

    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long ms = duration.toMillis();
        for (long unit : new long[]{86_400_000, 3_600_000, 60_000, 1_000}) {
            if (ms % unit == 0) {
                return ms / unit + (unit == 86_400_000 ? "d" : unit == 3_600_000 ? "h" : unit == 60_000 ? "m" : "s");
            }
        }
        return ms + "ms";
    }

    private Node compose(Reader reader) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new RuleException(source + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new RuleException(source + ": not valid YAML: " + e.getMessage());
        }
    }

    private AlertRule rule(Node node, String origin) {
        Map<String, NodeTuple> fields = yaml.fields(node, "a rule");
        String name = yaml.requiredText(fields, node, "name");
        if (!NAME.matcher(name).matches()) {
            throw yaml.problem(value(fields, "name"), "rule name '" + name
                    + "' must start with a letter or '_' and hold only letters, digits, '_', ':', '.' or '-'");
        }
        String what = "rule '" + name + "'";
        String kindId = yaml.requiredText(fields, node, "kind");
        RuleKind kind = RuleKind.of(kindId);
        if (kind == null) {
            throw yaml.problem(value(fields, "kind"), what + ": kind '" + kindId + "' is not one of " + RuleKind.ids());
        }
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!COMMON.contains(field.getKey()) && !kind.fields().contains(field.getKey())) {
                Set<String> allowed = new TreeSet<>(COMMON);
                allowed.addAll(kind.fields());
                throw yaml.problem(field.getValue().getKeyNode(), what + ": unknown field '" + field.getKey()
                        + "' for kind " + kind.id() + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        String reason = yaml.optionalText(fields, "reason");
        if (reason != null && !Set.of("STEP_TIMEOUT", "DEADLINE", "FAILED_NOT_COMPENSATED").contains(reason)) {
            throw yaml.problem(value(fields, "reason"), what + ": reason '" + reason
                    + "' is not one of STEP_TIMEOUT, DEADLINE, FAILED_NOT_COMPENSATED");
        }
        String outcome = yaml.optionalText(fields, "outcome");
        if (outcome != null && !Set.of("UNVERIFIED", "FAILED").contains(outcome)) {
            throw yaml.problem(value(fields, "outcome"), what + ": outcome '" + outcome + "' is not one of UNVERIFIED, FAILED");
        }
        boolean windowed = kind.fields().contains("window");
        Duration window = windowed ? duration(fields, node, "window", null, what) : null;
        if (windowed && window.isZero()) {
            throw yaml.problem(value(fields, "window"), what + ": window must be longer than 0s");
        }
        boolean ratio = kind == RuleKind.SAGA_FAILURE_RATIO || kind == RuleKind.SERVICE_ERROR_RATIO
                || kind == RuleKind.STEP_DURATION_P95;
        boolean thresholdRequired = ratio || kind == RuleKind.SERVICE_LATENCY_P95
                || kind == RuleKind.MIGRATION_ERROR_RATIO || kind == RuleKind.COMMAND_OUTBOX_AGE
                || kind == RuleKind.CONSUMER_LAG || kind == RuleKind.CONSUMER_STALLED;
        Double threshold = number(fields, "threshold", what);
        if (threshold == null) {
            if (thresholdRequired) {
                throw yaml.problem(node, what + ": missing required field 'threshold'"
                        + (kind == RuleKind.STEP_DURATION_P95 ? " (a share of the step's timeout, e.g. 0.5)"
                        : ratio ? " (a ratio from 0 to 1, e.g. 0.05)" : kind == RuleKind.MIGRATION_ERROR_RATIO
                        ? " (how many times the legacy services' error ratio, e.g. 2)"
                        : kind == RuleKind.COMMAND_OUTBOX_AGE || kind == RuleKind.CONSUMER_STALLED ? " (seconds)"
                        : kind == RuleKind.CONSUMER_LAG ? " (records)" : " (milliseconds)"));
            }
            threshold = 1.0;
        }
        if (ratio && (threshold <= 0 || threshold > 1)) {
            throw yaml.problem(value(fields, "threshold"), what + ": threshold is a ratio above 0 and at most 1, not "
                    + AnnotationTemplate.number(threshold));
        }
        if (!ratio && threshold <= 0) {
            throw yaml.problem(value(fields, "threshold"), what + ": threshold must be above 0");
        }
        String minKey = kind.fields().contains("minSagas") ? "minSagas" : "minSpans";
        Double min = number(fields, minKey, what);
        long minSamples = min == null ? (kind.fields().contains(minKey) ? 10 : 0) : min.longValue();
        String service = yaml.optionalText(fields, "service");
        if ((kind == RuleKind.SERVICE_ERROR_RATIO || kind == RuleKind.SERVICE_LATENCY_P95) && service == null) {
            throw yaml.problem(node, what + ": missing required field 'service'");
        }
        String route = kind == RuleKind.MIGRATION_ERROR_RATIO ? yaml.requiredText(fields, node, "route") : null;
        String query = kind == RuleKind.LOG_COUNT ? yaml.requiredText(fields, node, "query") : null;
        Duration interval = duration(fields, node, "interval", Duration.ofSeconds(30), what);
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw yaml.problem(value(fields, "interval"), what + ": interval must be at least 1s");
        }
        String severity = yaml.optionalText(fields, "severity");
        if (severity == null) {
            severity = "warning";
        } else if (!SEVERITIES.contains(severity)) {
            throw yaml.problem(value(fields, "severity"), what + ": severity '" + severity + "' is not one of "
                    + new TreeSet<>(SEVERITIES));
        }
        Map<String, String> labels = stringMap(fields, "labels", what);
        for (String label : labels.keySet()) {
            if (!LABEL.matcher(label).matches() || RESERVED_LABELS.contains(label)) {
                throw yaml.problem(value(fields, "labels"), what + ": label name '" + label + "' must match "
                        + LABEL.pattern() + " and not be alertname or severity (set by the rule itself)");
            }
        }
        Map<String, String> annotations = stringMap(fields, "annotations", what);
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            String problem = AnnotationTemplate.problem(annotation.getValue());
            if (problem != null) {
                throw yaml.problem(value(fields, "annotations"), what + ": annotation '" + annotation.getKey() + "': "
                        + problem);
            }
        }
        String variants = AnnotationVariants.problem(annotations.keySet());
        if (variants != null) {
            throw yaml.problem(value(fields, "annotations"), what + ": " + variants);
        }
        return new AlertRule(name, kind, origin, yaml.optionalText(fields, "sagaType"), yaml.optionalText(fields, "step"), reason,
                outcome, service, yaml.optionalText(fields, "operation"), route, query, window, minSamples, threshold,
                duration(fields, node, "for", Duration.ZERO, what), interval, severity, labels, annotations);
    }

    private Map<String, String> stringMap(Map<String, NodeTuple> fields, String key, String what) {
        Node node = value(fields, key);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        for (NodeTuple entry : yaml.fields(node, what + "'s " + key).values()) {
            out.put(yaml.text(entry.getKeyNode(), "a name in " + key), yaml.text(entry.getValueNode(), key + " values"));
        }
        return out;
    }

    private Double number(Map<String, NodeTuple> fields, String key, String what) {
        Node node = value(fields, key);
        if (node == null) {
            return null;
        }
        String text = yaml.text(node, key);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw yaml.problem(node, what + ": " + key + " '" + text + "' is not a number");
        }
    }

    private Duration duration(Map<String, NodeTuple> fields, Node owner, String key, Duration fallback, String what) {
        Node node = value(fields, key);
        if (node == null) {
            if (fallback == null) {
                throw yaml.problem(owner, what + ": missing required field '" + key + "' (a duration such as 5m)");
            }
            return fallback;
        }
        String text = yaml.text(node, key);
        try {
            Duration duration = DurationStyle.detectAndParse(text);
            if (duration.isNegative()) {
                throw yaml.problem(node, what + ": " + key + " must not be negative, not '" + text + "'");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            if (e instanceof RuleException rule) {
                throw rule;
            }
            throw yaml.problem(node, what + ": " + key + " '" + text + "' is not a duration (e.g. 30s, 5m, 2h or PT30S)");
        }
    }
}
