package io.opsplane.console.definition;

import static io.opsplane.support.yaml.YamlNodes.value;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.opsplane.support.yaml.YamlNodes;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads saga definitions from YAML (one definition per document, several documents per file).
 * Parsing works on SnakeYAML's node tree rather than bound objects so that every problem can be
 * reported with the file and line where it stands.
 */
public final class DefinitionLoader {

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public List<SagaDefinition> load(Resource resource) {
        String source = describe(resource);
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return load(source, reader);
        } catch (IOException e) {
            throw new DefinitionException(source + ": cannot be read: " + e.getMessage());
        }
    }

    public List<SagaDefinition> load(String source, Reader reader) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<SagaDefinition> definitions = new ArrayList<>();
        try {
            for (Node document : yaml.composeAll(reader)) {
                if (document != null) {
                    definitions.add(new DocumentReader(source).definition(document));
                }
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new DefinitionException(source + ":" + line + ": not valid YAML: " + e.getProblem());
        }
        if (definitions.isEmpty()) {
            throw new DefinitionException(source + ": holds no saga definition");
        }
        return definitions;
    }

    private static String describe(Resource resource) {
        try {
            return resource.getFile().getPath();
        } catch (IOException | UnsupportedOperationException notAFile) {
            return resource.getDescription();
        }
    }

    /** Reads one YAML document; all problems are reported as "source:line: message". */
    private static final class DocumentReader {

        private final String source;
        private final YamlNodes<DefinitionException> yaml;

        DocumentReader(String source) {
            this.source = source;
            this.yaml = new YamlNodes<>(source, DefinitionException::new);
        }

        SagaDefinition definition(Node document) {
            Map<String, NodeTuple> root = yaml.fields(document, "a saga definition",
                    "type", "version", "description", "correlation", "businessKeys", "searchKeys", "events", "startedBy",
                    "steps", "completedBy", "compensatingBy", "compensatedBy", "deadline", "stepTimeout",
                    "compensationGrace");
            String type = yaml.requiredText(root, document, "type");
            if (!TYPE_NAME.matcher(type).matches()) {
                throw yaml.problem(value(root, "type"), "type '" + type
                        + "' must be lower case letters, digits, '.', '_' or '-'");
            }
            int version = 1;
            if (root.containsKey("version")) {
                String text = yaml.text(value(root, "version"), "version");
                try {
                    version = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    version = 0;
                }
                if (version < 1) {
                    throw yaml.problem(value(root, "version"), "version must be a whole number from 1, not '" + text + "'");
                }
            }
            KeyExtractor correlation = keyExtractor(yaml.required(root, document, "correlation"), "correlation");
            Map<String, KeyExtractor> businessKeys = new LinkedHashMap<>();
            if (root.containsKey("businessKeys")) {
                for (NodeTuple entry : yaml.entries(value(root, "businessKeys"), "businessKeys")) {
                    String name = yaml.text(entry.getKeyNode(), "a business key name");
                    businessKeys.put(name, keyExtractor(entry.getValueNode(), "business key '" + name + "'"));
                }
            }
            Map<String, KeyExtractor> searchKeys = new LinkedHashMap<>();
            if (root.containsKey("searchKeys")) {
                for (NodeTuple entry : yaml.entries(value(root, "searchKeys"), "searchKeys")) {
                    String name = yaml.text(entry.getKeyNode(), "a search key name");
                    searchKeys.put(name, keyExtractor(entry.getValueNode(), "search key '" + name + "'"));
                }
            }

            Map<String, List<EventMatcher>> events = new LinkedHashMap<>();
            Map<String, Node> eventNodes = new HashMap<>();
            for (NodeTuple entry : yaml.entries(yaml.required(root, document, "events"), "events")) {
                String name = yaml.text(entry.getKeyNode(), "an event name");
                events.put(name, matchers(name, entry.getValueNode()));
                eventNodes.put(name, entry.getKeyNode());
            }

            Set<String> used = new HashSet<>();
            Map<String, String> roles = new HashMap<>();
            String startedBy = eventRef(root, "startedBy", events, used, roles, "the saga's start");

            Node stepsNode = yaml.required(root, document, "steps");
            if (!(stepsNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                throw yaml.problem(stepsNode, "steps must be a non-empty list");
            }
            List<StepDefinition> steps = new ArrayList<>();
            Set<String> stepNames = new HashSet<>();
            for (Node stepNode : sequence.getValue()) {
                StepDefinition step = step(stepNode, events, used, roles);
                if (!stepNames.add(step.name())) {
                    throw yaml.problem(stepNode, "step '" + step.name() + "' is defined twice");
                }
                steps.add(step);
            }
            String completedBy = terminalRef(root, "completedBy", events, used, roles, steps);
            String compensatingBy = eventRef(root, "compensatingBy", events, used, roles, "the saga's compensation start");
            String compensatedBy = eventRef(root, "compensatedBy", events, used, roles, "the saga's compensated end");

            for (String name : events.keySet()) {
                if (!used.contains(name)) {
                    throw yaml.problem(eventNodes.get(name), "event '" + name
                            + "' is defined but no step or terminal event uses it");
                }
            }
            return new SagaDefinition(type, version, source, correlation, businessKeys, searchKeys, events, startedBy, steps,
                    completedBy, compensatingBy, compensatedBy,
                    optionalDuration(root, "deadline"), optionalDuration(root, "stepTimeout"),
                    optionalDuration(root, "compensationGrace"));
        }

        private StepDefinition step(Node node, Map<String, List<EventMatcher>> events, Set<String> used,
                                    Map<String, String> roles) {
            Map<String, NodeTuple> step = yaml.fields(node, "a step",
                    "name", "service", "timeout", "completedBy", "failedBy", "command", "retry", "compensation");
            String name = yaml.requiredText(step, node, "name");
            String service = yaml.requiredText(step, node, "service");
            String what = "step '" + name + "'";
            if (!step.containsKey("completedBy")) {
                throw yaml.problem(node, what + " needs completedBy: the event that closes it");
            }
            String completedBy = eventRef(step, "completedBy", events, used, roles, what + "'s completion");
            String failedBy = eventRef(step, "failedBy", events, used, roles, what + "'s failure");
            StepDefinition.Command stepCommand = step.containsKey("command")
                    ? command(value(step, "command"), what + "'s command") : null;
            // a step's outcome may be lost rather than its work undone: retry may ask to publish it again
            StepDefinition.Command retry = step.containsKey("retry")
                    ? command(value(step, "retry"), what + "'s retry command") : null;
            StepDefinition.Compensation compensation = null;
            if (step.containsKey("compensation")) {
                Node compensationNode = value(step, "compensation");
                Map<String, NodeTuple> c = yaml.fields(compensationNode, "a compensation", "command", "completedBy", "timeout",
                        "inCase");
                StepDefinition.Command command = command(yaml.required(c, compensationNode, "command"),
                        what + "'s compensation command");
                String compensatedBy = eventRef(c, "completedBy", events, used, roles, what + "'s compensation");
                String inCase = yaml.optionalText(c, "inCase");
                if (inCase != null && !inCase.equals("true") && !inCase.equals("false")) {
                    throw yaml.problem(value(c, "inCase"), what + "'s compensation inCase must be true or false, not '"
                            + inCase + "'");
                }
                compensation = new StepDefinition.Compensation(command.type(), command.topic(), command.url(),
                        compensatedBy, optionalDuration(c, "timeout"), "true".equals(inCase));
            }
            return new StepDefinition(name, service, optionalDuration(step, "timeout"), completedBy, failedBy,
                    stepCommand, retry, compensation);
        }

        private StepDefinition.Command command(Node node, String what) {
            Map<String, NodeTuple> command = yaml.fields(node, "a command", "type", "topic", "url");
            String type = yaml.requiredText(command, node, "type");
            String topic = yaml.optionalText(command, "topic");
            String url = yaml.optionalText(command, "url");
            if ((topic == null) == (url == null)) {
                throw yaml.problem(node, what + " needs exactly one of topic or url");
            }
            if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw yaml.problem(node, what + "'s url must start with http:// or https://, not '" + url + "'");
            }
            return new StepDefinition.Command(type, topic, url);
        }

        /**
         * One matcher, or a list of them: the same event in several shapes, as when a monolith and the service
         * replacing it both announce it (a Debezium outbox record and a CloudEvent).
         */
        private List<EventMatcher> matchers(String name, Node node) {
            if (!(node instanceof SequenceNode sequence)) {
                return List.of(matcher(name, node));
            }
            if (sequence.getValue().isEmpty()) {
                throw yaml.problem(node, "event '" + name + "' has an empty list of matchers");
            }
            return sequence.getValue().stream().map(alternative -> matcher(name, alternative)).toList();
        }

        private EventMatcher matcher(String name, Node node) {
            Map<String, NodeTuple> m = yaml.fields(node, "an event matcher", "topic", "type", "header", "field", "correlation");
            String topic = yaml.requiredText(m, node, "topic");
            String cloudEventType = yaml.optionalText(m, "type");
            String headerName = null;
            String headerValue = null;
            if (m.containsKey("header")) {
                Node headerNode = value(m, "header");
                Map<String, NodeTuple> h = yaml.fields(headerNode, "a header matcher", "name", "value");
                headerName = yaml.requiredText(h, headerNode, "name");
                headerValue = yaml.requiredText(h, headerNode, "value");
            }
            String fieldPointer = null;
            String fieldValue = null;
            if (m.containsKey("field")) {
                Node fieldNode = value(m, "field");
                Map<String, NodeTuple> f = yaml.fields(fieldNode, "a field matcher", "pointer", "value");
                String pointerText = yaml.requiredText(f, fieldNode, "pointer");
                fieldPointer = pointer(value(f, "pointer"), pointerText);
                fieldValue = yaml.requiredText(f, fieldNode, "value");
            }
            if (cloudEventType == null && headerName == null && fieldPointer == null) {
                throw yaml.problem(node, "event '" + name + "' needs a way to be recognised: type (CloudEvents type), header or field");
            }
            KeyExtractor correlation = m.containsKey("correlation")
                    ? keyExtractor(value(m, "correlation"), "event '" + name + "' correlation") : null;
            return new EventMatcher(name, topic, cloudEventType, headerName, headerValue, fieldPointer, fieldValue,
                    correlation);
        }

        private KeyExtractor keyExtractor(Node node, String what) {
            if (node instanceof ScalarNode scalar) {
                return KeyExtractor.pointer(pointer(node, scalar.getValue()));
            }
            Map<String, NodeTuple> m = yaml.fields(node, what, "pointer", "header");
            String pointer = yaml.optionalText(m, "pointer");
            String header = yaml.optionalText(m, "header");
            if ((pointer == null) == (header == null)) {
                throw yaml.problem(node, what + " needs exactly one of pointer or header");
            }
            return pointer != null ? KeyExtractor.pointer(pointer(value(m, "pointer"), pointer)) : KeyExtractor.header(header);
        }

        private String pointer(Node node, String text) {
            if (!text.startsWith("/")) {
                throw yaml.problem(node, "'" + text + "' is not a JSON pointer: it must start with '/', e.g. /orderId");
            }
            return text;
        }

        private String eventRef(Map<String, NodeTuple> map, String key, Map<String, List<EventMatcher>> events,
                                Set<String> used, Map<String, String> roles, String role) {
            if (!map.containsKey(key)) {
                return null;
            }
            Node node = value(map, key);
            String name = yaml.text(node, key);
            if (!events.containsKey(name)) {
                throw yaml.problem(node, role + " names event '" + name + "', which is not under events (known: "
                        + String.join(", ", events.keySet()) + ")");
            }
            String earlier = roles.putIfAbsent(name, role);
            if (earlier != null) {
                throw yaml.problem(node, "event '" + name + "' is already " + earlier + "; it cannot also be " + role);
            }
            used.add(name);
            return name;
        }

        /** The saga's completion may be the last step's completion event as well: the one allowed overlap. */
        private String terminalRef(Map<String, NodeTuple> map, String key, Map<String, List<EventMatcher>> events,
                                   Set<String> used, Map<String, String> roles, List<StepDefinition> steps) {
            if (!map.containsKey(key)) {
                return null;
            }
            String name = yaml.text(value(map, key), key);
            if (name.equals(steps.getLast().completedBy())) {
                return name;
            }
            return eventRef(map, key, events, used, roles, "the saga's completion");
        }

        private Duration optionalDuration(Map<String, NodeTuple> map, String key) {
            if (!map.containsKey(key)) {
                return null;
            }
            Node node = value(map, key);
            String text = yaml.text(node, key);
            Duration duration;
            try {
                duration = DurationStyle.detectAndParse(text);
            } catch (IllegalArgumentException e) {
                throw yaml.problem(node, key + " '" + text + "' is not a duration (e.g. 30s, 5m, 2h or PT30S)");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw yaml.problem(node, key + " must be positive, not '" + text + "'");
            }
            return duration;
        }
    }
}
