package io.opsplane.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What every parameter of the REST and Jaeger APIs must be before a controller sees it, so that no
 * hostile value reaches a query or date arithmetic: text of at most {@value #MAX_TEXT} characters (page
 * cursors {@value #MAX_CURSOR}) without control characters; times within years 1970–9999; durations from
 * zero to {@link #MAX_DURATION}; numbers not negative. A value that breaks a rule is a
 * {@link BadParameterException} (400 naming it); a value that is not of the parameter's type is left to
 * Spring's conversion, which also answers 400.
 */
public final class ParameterLimits implements HandlerInterceptor {

    public static final int MAX_TEXT = 1_000;
    /** Page cursors: a log cursor carries Elasticsearch's point-in-time id, which grows with its shards. */
    public static final int MAX_CURSOR = 8_000;
    private static final java.util.Set<String> CURSORS = java.util.Set.of("after", "before");
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            for (String value : parameter.getValue()) {
                checkText(parameter.getKey(), value);
            }
        }
        if (handler instanceof HandlerMethod method) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
                PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
                String[] values;
                String name;
                if (annotation != null) {
                    name = !annotation.name().isEmpty() ? annotation.name() : parameter.getParameterName();
                    values = name == null ? null : request.getParameterValues(name);
                } else if (variable != null) {
                    name = !variable.name().isEmpty() ? variable.name() : parameter.getParameterName();
                    String value = name == null ? null : pathVariables(request).get(name);
                    values = value == null ? null : new String[] {value};
                    if (value != null) {
                        checkText(name, value);
                    }
                } else {
                    continue;
                }
                for (String value : values == null ? new String[0] : values) {
                    checkTyped(name, parameter.getParameterType(), value.trim());
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    static void checkText(String name, String value) {
        int max = CURSORS.contains(name) ? MAX_CURSOR : MAX_TEXT;
        if (value.length() > max) {
            throw new BadParameterException(abbreviated(name), "is longer than " + max + " characters");
        }
        // every control character is a single char (U+0000–U+001F, U+007F–U+009F), so chars suffice
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new BadParameterException(abbreviated(name), "contains a control character");
            }
        }
    }

    private static String abbreviated(String name) {
        String printable = name.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    private static void checkTyped(String name, Class<?> type, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (type == Instant.class) {
            Instant time;
            try {
                time = DateTimeFormatter.ISO_DATE_TIME.parse(value, Instant::from);
            } catch (DateTimeParseException | ArithmeticException e) {
                return;
            }
            if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
                throw new BadParameterException(name, "must be a time from " + EARLIEST + " to " + LATEST);
            }
        } else if (type == Duration.class) {
            Duration duration;
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException | ArithmeticException e) {
                return;
            }
            if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
                throw new BadParameterException(name, "must be a duration from PT0S to P" + MAX_DURATION.toDays() + "D");
            }
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            if (value.startsWith("-") && value.length() > 1) {
                throw new BadParameterException(name, "must not be negative");
            }
        }
    }
}
