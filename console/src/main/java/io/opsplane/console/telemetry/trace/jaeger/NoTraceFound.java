package io.opsplane.console.telemetry.trace.jaeger;

/**
 * Nothing matched a trace read; each API answers it with 404 in its own error shape. Thrown rather than returned so
 * that a found trace is answered as a plain body: Spring flushes a {@code ResponseEntity} as soon as it is written,
 * which sends even a small answer chunked, its end in a second packet, instead of whole with its length.
 */
final class NoTraceFound extends RuntimeException {

    NoTraceFound(String message) {
        super(message, null, false, false);
    }
}
