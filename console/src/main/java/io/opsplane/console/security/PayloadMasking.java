package io.opsplane.console.security;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hides the values of sensitive payload fields ({@code opsplane.security.masked-fields}) from
 * whoever may only read: every place that shows a payload, in the UI or the REST API, passes it
 * through here.
 */
@Component
public class PayloadMasking {

    /** What a masked value reads as: says it is hidden on purpose, gives nothing of its length away. */
    public static final String MASK = "••••••";

    private final Set<String> fields;

    PayloadMasking(SecurityProperties properties) {
        this.fields = properties.getMaskedFields().stream().map(f -> f.trim().toLowerCase(Locale.ROOT))
                .filter(f -> !f.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether payloads are masked for this caller: everyone below OPERATOR, and anyone unknown. */
    public boolean appliesTo(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return true;
        }
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .noneMatch(Role.OPERATOR.authority()::equals);
    }

    /** Whether payloads are masked for the caller of the current request. */
    public boolean appliesToCurrentUser() {
        return appliesTo(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The payload as the current caller may see it. */
    public JsonNode forCurrentUser(JsonNode payload) {
        return appliesToCurrentUser() ? mask(payload) : payload;
    }

    /** A copy with the value of every configured field, at any depth, replaced by {@link #MASK}. */
    public JsonNode mask(JsonNode payload) {
        if (payload == null || fields.isEmpty()) {
            return payload;
        }
        if (payload.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : payload.properties()) {
                copy.set(field.getKey(), fields.contains(field.getKey().toLowerCase(Locale.ROOT))
                        ? JsonNodeFactory.instance.stringNode(MASK) : mask(field.getValue()));
            }
            return copy;
        }
        if (payload.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            payload.forEach(element -> copy.add(mask(element)));
            return copy;
        }
        return payload;
    }
}
