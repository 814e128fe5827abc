package io.opsplane.console.telemetry.es;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Values read from a parser as nodes, for answers read as they are parsed rather than as one tree. */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * The value at the parser as a tree would hold it, the parser left at its last token. A scalar's node is made
     * here: asking the parser for a tree looks up a deserializer for every value, which cost more than all the rest
     * of reading a span.
     */
    public static JsonNode node(JsonParser p) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (p.currentToken()) {
            case VALUE_STRING -> nodes.stringNode(p.getString());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> nodes.numberNode(p.getIntValue());
                case LONG -> nodes.numberNode(p.getLongValue());
                default -> nodes.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> p.readValueAsTree();
        };
    }
}
