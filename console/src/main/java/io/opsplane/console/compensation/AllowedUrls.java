package io.opsplane.console.compensation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code opsplane.compensation.http.allowed-urls} matched on the parsed URL, never as a string prefix: the same
 * scheme, the same host (exact, case-insensitive), the same port (80 and 443 when none is written) and a path
 * under the entry's path on a segment boundary ({@code /v1} covers {@code /v1/refund}, not {@code /v10}). A URL
 * with user info ({@code https://pay.internal@evil.com} goes to evil.com), dot segments or encoded dots and
 * slashes in its path is refused whatever the list says. An empty list allows any http(s) URL.
 */
final class AllowedUrls {

    /** A URL's parts that matching looks at. */
    private record Target(String scheme, String host, int port, String path) {
    }

    private final List<Target> entries = new ArrayList<>();

    /** Reads the setting; an entry that is not a plain http(s) URL stops start-up naming it. */
    AllowedUrls(List<String> allowed) {
        for (String entry : allowed) {
            Target target = parse(entry.strip());
            if (target == null || URI.create(entry.strip()).getRawQuery() != null) {
                throw new IllegalStateException("opsplane.compensation.http.allowed-urls: '" + entry + "' is not an "
                        + "http(s) URL of a scheme, host, optional port and optional path (no user info or query)");
            }
            String path = target.path().endsWith("/") ? target.path().substring(0, target.path().length() - 1)
                    : target.path();
            entries.add(new Target(target.scheme(), target.host(), target.port(), path));
        }
    }

    boolean allows(String url) {
        Target target = parse(url);
        if (target == null) {
            return false;
        }
        return entries.isEmpty() || entries.stream().anyMatch(entry -> entry.scheme().equals(target.scheme())
                && entry.host().equals(target.host()) && entry.port() == target.port()
                && (entry.path().isEmpty() || target.path().equals(entry.path())
                    || target.path().startsWith(entry.path() + "/")));
    }

    /** Whether an entry names this IP address literally: the one way to allow a link-local destination. */
    boolean namesAddress(String host) {
        String bare = bare(host.toLowerCase(Locale.ROOT));
        return (bare.contains(":") || bare.matches("[0-9.]+"))
                && entries.stream().anyMatch(entry -> entry.host().equals(bare));
    }

    /** The parts of a usable URL, or null for anything that is not a plain http(s) URL. */
    private static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        // a registry-based authority (no parsable host) or any user info is refused, not guessed at
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            return null;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || path.contains("\\")
                || List.of(path.split("/", -1)).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            return null;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Target(scheme, bare(uri.getHost().toLowerCase(Locale.ROOT)), port, path);
    }

    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
