package io.opsplane.console.ingest;

/** The trace and parent span a W3C {@code traceparent} names. */
record TraceContext(String traceId, String spanId) {

    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /**
     * Parses {@code version-traceid-parentid-flags} as W3C Trace Context level 1 describes it; anything
     * else (including the all-zero ids the spec forbids) gives null rather than a wrong link.
     */
    static TraceContext parse(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String value = traceparent.trim();
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!isLowerHex(version) || version.equals("ff") || (version.equals("00") && value.length() != 55)
                || (value.length() > 55 && value.charAt(55) != '-')) {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        if (!isLowerHex(traceId) || !isLowerHex(spanId) || !isLowerHex(value.substring(53, 55))
                || traceId.equals(ZERO_TRACE) || spanId.equals(ZERO_SPAN)) {
            return null;
        }
        return new TraceContext(traceId, spanId);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
