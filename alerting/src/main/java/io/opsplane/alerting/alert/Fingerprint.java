package io.opsplane.alerting.alert;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's identity from its labels, as Prometheus computes a label set's fingerprint: FNV-1a 64
 * over the labels sorted by name, each name and value followed by the byte 0xff; 16 hex digits.
 */
public final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    public static String of(Map<String, String> labels) {
        long hash = OFFSET;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, label.getKey());
            hash = add(hash, label.getValue());
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        hash ^= 0xff;
        return hash * PRIME;
    }
}
