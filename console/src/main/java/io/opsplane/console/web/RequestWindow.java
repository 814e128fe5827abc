package io.opsplane.console.web;

import java.time.Duration;
import java.time.Instant;

/** A window as the REST API takes it: optional {@code start} and {@code end} query parameters. */
public record RequestWindow(Instant from, Instant to) {

    /** The end defaults to now, the start to {@code length} before the end. */
    public static RequestWindow of(Instant start, Instant end, Duration length) {
        Instant to = end == null ? Instant.now() : end;
        return new RequestWindow(start == null ? to.minus(length) : start, to);
    }

    /** This window, refused (400) unless its start comes before its end. */
    public RequestWindow ordered() {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("start must be before end");
        }
        return this;
    }
}
