package io.opsplane.console.telemetry.trace.store;

import java.util.List;
import java.util.Locale;

/**
 * Trace ids as Jaeger handles them: up to 32 hex digits, 64-bit ids (high half zero) written as 16
 * digits by Jaeger v1 and as 32 digits by Jaeger v2 and Opsplane; both are looked for.
 */
public final class TraceIds {

    private static final String ZERO_HALF = "0".repeat(16);

    private TraceIds() {
    }

    /** The id in Jaeger's canonical text: 16 digits when the high half is zero, else 32. */
    public static String canonical(String id) {
        String hex = validated(id);
        // most ids are read back as they were stored, already canonical: no copy for them
        if (hex.length() == 16 || hex.length() == 32 && !hex.startsWith(ZERO_HALF)) {
            return hex;
        }
        String padded = "0".repeat(32 - hex.length()) + hex;
        return padded.startsWith(ZERO_HALF) ? padded.substring(16) : padded;
    }

    /** Every form the id may be stored in. */
    public static List<String> storedForms(String id) {
        String canonical = canonical(id);
        return canonical.length() == 16 ? List.of(canonical, "0".repeat(16) + canonical) : List.of(canonical);
    }

    public static boolean same(String a, String b) {
        try {
            if (a != null && a.equals(b)) {
                validated(a);
                return true;
            }
            return canonical(a).equals(canonical(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Lower-case hex of 1 to 32 digits (the id itself when it is), else a message fit for the caller. */
    public static String validated(String id) {
        if (id == null || id.isEmpty() || id.length() > 32) {
            throw new IllegalArgumentException("malformed trace id '" + id + "': expected 1 to 32 hex digits");
        }
        boolean upper = false;
        boolean zero = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 'A' && c <= 'F') {
                upper = true;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new IllegalArgumentException("malformed trace id '" + id + "': expected 1 to 32 hex digits");
            }
            zero &= c == '0';
        }
        if (zero) {
            throw new IllegalArgumentException("malformed trace id '" + id + "': the all-zero id is invalid");
        }
        return upper ? id.toLowerCase(Locale.ROOT) : id;
    }
}
