package io.opsplane.console.telemetry.zipkin;

import java.util.HexFormat;
import java.util.Locale;

import com.google.protobuf.ByteString;

/** Zipkin's ids: trace ids of 16 or 32 hex digits, span ids of 16, as lower-case hex (shorter ones left-padded). */
final class ZipkinIds {

    private ZipkinIds() {
    }

    static String traceId(String hex, String what) {
        if (hex == null) {
            throw new IllegalArgumentException(what + " has no traceId");
        }
        return hex(hex, hex.length() <= 16 ? 16 : 32, what + " traceId");
    }

    static String spanId(String hex, String what) {
        if (hex == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return hex(hex, 16, what);
    }

    private static String hex(String hex, int digits, String what) {
        if (hex.isEmpty() || hex.length() > digits || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(what + " '" + shortened(hex) + "' is not up to " + digits + " hex digits");
        }
        return "0".repeat(digits - hex.length()) + hex.toLowerCase(Locale.ROOT);
    }

    /** An id as bytes, as OTLP carries it: trace ids always 16 bytes, 64-bit ones left-padded with zeros. */
    static ByteString bytes(String hex, int length) {
        String padded = "0".repeat(length * 2 - hex.length()) + hex;
        return ByteString.copyFrom(HexFormat.of().parseHex(padded));
    }

    static String fromBytes(ByteString bytes, String what) {
        int size = bytes.size();
        if (size != 8 && size != 16) {
            throw new IllegalArgumentException(what + " is " + size + " bytes, not 8 or 16");
        }
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
