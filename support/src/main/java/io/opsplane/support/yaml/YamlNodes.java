package io.opsplane.support.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads fields from SnakeYAML's node tree rather than bound objects, so that every problem in a hand-written file
 * (saga definitions, alert rules) names the file and line: "source:line: message", as the reader's own exception.
 */
public final class YamlNodes<E extends RuntimeException> {

    private final String source;
    private final Function<String, E> failure;

    public YamlNodes(String source, Function<String, E> failure) {
        this.source = source;
        this.failure = failure;
    }

    /** The exception to throw for a problem at {@code node} (null: the source as a whole). */
    public E problem(Node node, String message) {
        return failure.apply(source + ":" + line(node) + ": " + message);
    }

    /** 1-based, as editors count; 0 when there is no node. */
    public static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** A mapping's entries as written, duplicates included. */
    public List<NodeTuple> entries(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw problem(node, what + " must be a mapping of fields");
        }
        return mapping.getValue();
    }

    /** A mapping's fields by name; a name written twice is a problem, as a silently lost value would be. */
    public Map<String, NodeTuple> fields(Node node, String what) {
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple entry : entries(node, what)) {
            String key = text(entry.getKeyNode(), "a key");
            if (fields.put(key, entry) != null) {
                throw problem(entry.getKeyNode(), "field '" + key + "' appears twice");
            }
        }
        return fields;
    }

    /** As {@link #fields(Node, String)}, refusing a field not {@code allowed}, so that a misspelt one is not ignored. */
    public Map<String, NodeTuple> fields(Node node, String what, String... allowed) {
        Map<String, NodeTuple> fields = fields(node, what);
        List<String> known = List.of(allowed);
        for (Map.Entry<String, NodeTuple> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                throw problem(field.getValue().getKeyNode(), "unknown field '" + field.getKey() + "' in " + what
                        + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        return fields;
    }

    /** The field's value, null when it is absent. */
    public static Node value(Map<String, NodeTuple> fields, String key) {
        NodeTuple tuple = fields.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    public Node required(Map<String, NodeTuple> fields, Node owner, String key) {
        Node node = value(fields, key);
        if (node == null) {
            throw problem(owner, "missing required field '" + key + "'");
        }
        return node;
    }

    public String requiredText(Map<String, NodeTuple> fields, Node owner, String key) {
        return text(required(fields, owner, key), key);
    }

    public String optionalText(Map<String, NodeTuple> fields, String key) {
        Node node = value(fields, key);
        return node == null ? null : text(node, key);
    }

    /** A scalar's text, trimmed; blank or not a scalar is a problem. */
    public String text(Node node, String what) {
        if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            throw problem(node, what + " must be a non-empty value");
        }
        return scalar.getValue().trim();
    }
}
