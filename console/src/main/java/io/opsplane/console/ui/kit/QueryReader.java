package io.opsplane.console.ui.kit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.router.QueryParameters;

/**
 * Reads a console URL's query parameters for the telemetry views: what cannot be read is collected as
 * a problem to show, and left out, rather than failing the page.
 */
public final class QueryReader {

    private final Map<String, List<String>> values;
    private final List<String> problems = new ArrayList<>();

    public QueryReader(QueryParameters parameters) {
        this.values = parameters.getParameters();
    }

    public String text(String name) {
        List<String> given = values.get(name);
        return given == null || given.isEmpty() ? null : blankToNull(given.getFirst());
    }

    /** A parameter's or a search field's text as a query holds it: trimmed, and blank as none. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public <T> T value(String name, Function<String, T> parser, String expected) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            problem(Messages.t("query.cannotBe", name, text, expected));
            return null;
        }
    }

    public void problem(String problem) {
        problems.add(problem);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** "path?a=1&b=x%20y": parameters in the map's order, blank ones left out. */
    public static String location(String path, Map<String, String> parameters) {
        String query = parameters.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                // ':' and '/' may stand in a query as they are: times and operations stay readable in a link
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20")
                        .replace("%3A", ":").replace("%2F", "/"))
                .collect(Collectors.joining("&"));
        return path + (query.isEmpty() ? "" : "?" + query);
    }
}
