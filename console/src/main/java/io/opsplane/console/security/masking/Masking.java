package io.opsplane.console.security.masking;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.opsplane.console.security.Role;
import io.opsplane.console.security.SecurityProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a caller below OPERATOR may see of data that came from outside: the one place where values are
 * masked, by the name of the field holding them ({@code opsplane.security.masked-fields}) and by their
 * shape ({@code masked-values}: card numbers, e-mail addresses). The REST API passes every JSON answer
 * through it ({@link MaskedResponses}); views pass what they show through {@link #forCurrentUser}.
 * It looks inside what services send as text: JSON held in a string, name/value attribute lists
 * (Jaeger tags, OTLP attributes, Kafka headers) and base64-encoded record values.
 */
@Component
public class Masking {

    /** What a value masked by its field name reads as: hidden on purpose, nothing of its length given away. */
    public static final String MASK = "••••••";

    /** What a value masked by its shape reads as (card numbers keep their last four digits instead). */
    public static final String MASKED_VALUE = ValuePatterns.MASKED;

    // Identifiers the console links by; a hex trace ID that happens to be all digits is not a card number.
    private static final Set<String> IDENTIFIERS = Set.of("traceid", "spanid", "parentspanid", "traceids", "spanids");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Set<String> fields;
    private final ValuePatterns values;

    @Autowired
    Masking(SecurityProperties properties) {
        this(properties.maskedFields(), properties.maskedValues(), properties.maskedValuePatterns());
    }

    /** Masking by these field names, value kinds and extra value patterns (as {@link SecurityProperties} has them). */
    public Masking(List<String> fields, List<String> valueKinds, Map<String, String> valuePatterns) {
        this.fields = fields.stream().map(Masking::normalized).filter(f -> !f.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.values = new ValuePatterns(valueKinds, valuePatterns);
    }

    /** Whether data is masked for this caller: everyone below OPERATOR, and anyone unknown. */
    public boolean appliesTo(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return true;
        }
        // a loop, not a stream: every answer asks
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (Role.OPERATOR.authority().equals(authority.getAuthority())) {
                return false;
            }
        }
        return true;
    }

    /** Whether data is masked for the caller of the current request. */
    public boolean appliesToCurrentUser() {
        return appliesTo(SecurityContextHolder.getContext().getAuthentication());
    }

    /**
     * The value as the current caller may see it: for a caller data is masked for, a copy of a record
     * (through its JSON form), a JSON tree or a text with every masked field and value replaced.
     */
    @SuppressWarnings("unchecked")
    public <T> T forCurrentUser(T value) {
        if (value == null || !appliesToCurrentUser()) {
            return value;
        }
        if (value instanceof JsonNode node) {
            return (T) mask(node);
        }
        if (value instanceof String text) {
            return (T) maskText(text);
        }
        return (T) JSON.treeToValue(mask(JSON.valueToTree(value)), value.getClass());
    }

    /** Each element as the current caller may see it. */
    public <T> List<T> forCurrentUser(List<T> values) {
        if (values == null || !appliesToCurrentUser()) {
            return values;
        }
        return values.stream().map(this::forCurrentUser).toList();
    }

    /** A copy with the value of every masked field, at any depth, and every masked value replaced. */
    public JsonNode mask(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            return maskObject(node);
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            node.forEach(element -> copy.add(mask(element)));
            return copy;
        }
        if (node.isString()) {
            return NODES.stringNode(maskText(node.asString()));
        }
        if (node.isIntegralNumber()) {
            String digits = node.asString();
            return values.masksNumber(digits) ? NODES.stringNode(values.mask(digits)) : node;
        }
        return node;
    }

    private ObjectNode maskObject(JsonNode object) {
        // {"key": "email", "value": …} (Jaeger tags, OTLP attributes, headers): the name is in "key"
        JsonNode key = object.get("key");
        boolean maskedPair = key != null && key.isString() && isMaskedField(key.asString());
        ObjectNode copy = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                copy.set(name, value);
            } else if (isMaskedField(name) || (maskedPair && !name.equals("key") && !name.equals("type"))) {
                copy.set(name, NODES.stringNode(MASK));
            } else if (IDENTIFIERS.contains(normalized(name))) {
                copy.set(name, value);
            } else if (value.isString() && normalized(name).endsWith("base64")) {
                copy.set(name, NODES.stringNode(maskBase64(value.asString())));
            } else {
                copy.set(name, mask(value));
            }
        }
        return copy;
    }

    /** Whether values under this name are masked whole. */
    public boolean isMaskedField(String name) {
        if (fields.isEmpty() || name == null) {
            return false;
        }
        // a dotted attribute matches only as a whole: "address" must not hide OpenTelemetry's
        // server.address, a host name; values that are personal by shape are masked anyway
        return fields.contains(normalized(name));
    }

    /** Text as a masked caller sees it: JSON inside it masked field by field, any other text by value shape. */
    public String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (text.length() > ValuePatterns.MAX_SCANNED_LENGTH) {
            return MASKED_VALUE;
        }
        String stripped = text.stripLeading();
        if (stripped.startsWith("{") || stripped.startsWith("[")) {
            try {
                JsonNode parsed = JSON.readTree(text);
                if (parsed != null && (parsed.isObject() || parsed.isArray())) {
                    JsonNode masked = mask(parsed);
                    return masked.equals(parsed) ? text : JSON.writeValueAsString(masked);
                }
            } catch (JacksonException notJson) {
                // text that merely starts like JSON: masked by value shape below
            }
        }
        return values.mask(text);
    }

    /** A base64 value (a record's bytes) with what it holds masked, re-encoded; unchanged when nothing is masked. */
    private String maskBase64(String encoded) {
        if (encoded.length() > ValuePatterns.MAX_SCANNED_LENGTH * 4 / 3) {
            return MASK;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            return maskText(encoded);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            // Protobuf, Avro and the like keep strings as plain bytes: read byte for byte, digits and
            // addresses are found and replaced in place (the result is for reading, not for decoding)
            String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
            String masked = values.mask(latin1);
            return masked.equals(latin1) ? encoded
                    : Base64.getEncoder().encodeToString(masked.getBytes(StandardCharsets.ISO_8859_1));
        }
        String masked = maskText(text);
        return masked.equals(text) ? encoded : Base64.getEncoder().encodeToString(masked.getBytes(StandardCharsets.UTF_8));
    }

    private static String normalized(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '@') {
                // Jaeger's Elasticsearch schema writes the dots of tag names as '@'
                out.append('.');
            } else if (c != '_' && c != '-' && !Character.isWhitespace(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
