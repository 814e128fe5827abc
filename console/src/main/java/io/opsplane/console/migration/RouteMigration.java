package io.opsplane.console.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A route at the edge and the services that answered it over a window, legacy and new side by side; the
 * buckets start at {@code from} and are {@code bucket} long.
 *
 * @param newShare the share of the route's requests that new (not legacy) services answered
 */
public record RouteMigration(String route, long requests, double newShare, Instant from, Duration bucket,
                             List<Backend> backends) {

    public RouteMigration {
        backends = List.copyOf(backends);
    }

    RouteMigration(String route, long requests, Instant from, Duration bucket, List<Backend> backends) {
        this(route, requests, requests == 0 ? 0 : (double) backends.stream().filter(b -> !b.legacy())
                .mapToLong(Backend::requests).sum() / requests, from, bucket, backends);
    }
}
