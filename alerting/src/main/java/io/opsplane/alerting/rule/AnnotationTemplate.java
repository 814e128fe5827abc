package io.opsplane.alerting.rule;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Annotation templates in Alertmanager's notation, limited to what alerts carry:
 * {@code {{ .Labels.name }}}, {@code {{ .Value }}}, {@code {{ .Value | percent }}},
 * {@code {{ .Samples }}} (a few ids of what the alert counts) and {@code {{ .Link }}} (its console view).
 */
public final class AnnotationTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern KNOWN = Pattern.compile(
            "\\s*\\.(Labels\\.[A-Za-z_][A-Za-z0-9_]*|Value(\\s*\\|\\s*percent)?|Samples|Link)\\s*");

    private AnnotationTemplate() {
    }

    /** Null when the template is usable, else what is wrong with it. */
    static String problem(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!KNOWN.matcher(m.group(1)).matches()) {
                return "unknown placeholder '" + m.group() + "' (known: {{ .Labels.<name> }}, {{ .Value }}, "
                        + "{{ .Value | percent }}, {{ .Samples }}, {{ .Link }})";
            }
        }
        if (template.replaceAll("\\{\\{.*?}}", "").contains("{{")) {
            return "a placeholder is not closed with }}";
        }
        return null;
    }

    public static String render(String template, Map<String, String> labels, double value, List<String> samples,
                                String link) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expression = m.group(1).trim();
            String replacement;
            if (expression.startsWith(".Labels.")) {
                replacement = labels.getOrDefault(expression.substring(".Labels.".length()), "");
            } else if (expression.startsWith(".Value")) {
                replacement = expression.contains("percent") ? percent(value) : number(value);
            } else if (expression.equals(".Samples")) {
                replacement = String.join(", ", samples);
            } else {
                replacement = link;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value * 100);
    }
}
