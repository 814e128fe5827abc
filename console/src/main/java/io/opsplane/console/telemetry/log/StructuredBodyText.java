package io.opsplane.console.telemetry.log;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Text search inside map bodies. The Collector's exporter stores a map body as a {@code flattened} field, whose
 * values are whole keywords, so the full-text query finds only an exact value; here each word or quoted phrase
 * of the search must appear, in any letter case, inside some value of the body ({@code -word}: in none).
 * {@code |} and parentheses are not understood here, only by the full-text query on text bodies.
 */
final class StructuredBodyText {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StructuredBodyText() {
    }

    /** The query, or null when the search has no word to look for. */
    static ObjectNode query(List<String> fields, String text) {
        List<String> wanted = new ArrayList<>();
        List<String> unwanted = new ArrayList<>();
        for (String term : terms(text)) {
            if (term.startsWith("-") && term.length() > 1) {
                unwanted.add(term.substring(1));
            } else {
                String word = term.startsWith("+") ? term.substring(1) : term;
                if (!word.isBlank()) {
                    wanted.add(word);
                }
            }
        }
        if (wanted.isEmpty()) {
            return null;
        }
        ObjectNode query = JSON.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        wanted.forEach(word -> filter.add(contains(fields, word)));
        if (!unwanted.isEmpty()) {
            ArrayNode mustNot = bool.putArray("must_not");
            unwanted.forEach(word -> mustNot.add(contains(fields, word)));
        }
        return query;
    }

    /** The word inside a value of any of the fields. */
    private static ObjectNode contains(List<String> fields, String word) {
        ObjectNode query = JSON.createObjectNode();
        ObjectNode any = query.putObject("bool");
        ArrayNode should = any.putArray("should");
        // the user's * stays a wildcard; ? and \ are taken literally
        String pattern = word.replace("\\", "\\\\").replace("?", "\\?");
        for (String field : fields) {
            should.addObject().putObject("wildcard").putObject(field).put("value", "*" + pattern + "*")
                    .put("case_insensitive", true);
        }
        any.put("minimum_should_match", 1);
        return query;
    }

    /** Words and "quoted phrases" (quotes dropped), without the full-text syntax that means nothing here. */
    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted || !current.isEmpty() && !current.toString().equals("-")) {
                    add(terms, current);
                }
                quoted = !quoted;
            } else if (!quoted && (Character.isWhitespace(c) || c == '|' || c == '(' || c == ')')) {
                add(terms, current);
            } else {
                current.append(c);
            }
        }
        add(terms, current);
        return terms;
    }

    private static void add(List<String> terms, StringBuilder current) {
        String term = current.toString().strip();
        current.setLength(0);
        if (!term.isEmpty() && !term.equals("-")) {
            terms.add(term);
        }
    }
}
