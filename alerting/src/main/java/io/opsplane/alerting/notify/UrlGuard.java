package io.opsplane.alerting.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.opsplane.support.outbound.ForbiddenAddresses;
import io.opsplane.support.outbound.HostResolver;
import io.opsplane.support.outbound.RefusedAddressException;

/**
 * Decides whether Opsplane may send to a URL: http(s) only, the host on the allow-list
 * ({@code opsplane.alerting.allowed-hosts}), and never a link-local or cloud metadata address. A metadata name
 * or a link-local IP literal may be sent to only when listed exactly; a name is always checked as resolved, even
 * when listed exactly, because the allow-list trusts the name while DNS decides the address. The addresses are
 * resolved once ({@link #addresses}) and the HTTP client connects to exactly those (see PinnedHttpClient), so a
 * second, rebound DNS answer is never used.
 */
public final class UrlGuard {

    /** Names cloud providers answer instance metadata on. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.oraclecloud.com");
    private static final String HOW_TO_ALLOW = "list the address itself in opsplane.alerting.allowed-hosts to allow it";

    private final List<String> allowedHosts;
    private final HostResolver resolver;

    public UrlGuard(List<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        this.resolver = resolver;
    }

    /** The checks that need no name resolution: scheme, host present, allow-list, literal addresses and names. */
    public void checkStatically(URI url) {
        String host = host(url);
        if (!allowed(host)) {
            throw new RefusedUrlException("host '" + host + "' is not in opsplane.alerting.allowed-hosts "
                    + allowedHosts);
        }
        if (!listedExactly(host)) {
            if (METADATA_NAMES.contains(host)) {
                throw new RefusedUrlException("host '" + host + "' is a cloud metadata service; list it exactly in "
                        + "opsplane.alerting.allowed-hosts to allow it");
            }
            if (isAddressLiteral(host)) {
                refuseDangerous(host, literal(host));
            }
        }
    }

    /** Every check, including what the host resolves to now. */
    public void check(URI url) {
        checkStatically(url);
        try {
            addresses(host(url));
        } catch (UnknownHostException e) {
            throw new RefusedUrlException(e instanceof RefusedAddressException ? e.getMessage()
                    : "host '" + host(url) + "' does not resolve");
        }
    }

    /**
     * Resolves {@code host} once and answers its addresses if none is link-local or a metadata address; the
     * sender connects to exactly these. An IP literal listed exactly is the one exemption: the operator named
     * that address, not a name someone else's DNS answers for.
     */
    public InetAddress[] addresses(String host) throws UnknownHostException {
        String name = bare(host.toLowerCase(Locale.ROOT));
        if (isAddressLiteral(name)) {
            InetAddress[] literal;
            try {
                literal = new InetAddress[]{literal(name)};
            } catch (RefusedUrlException e) {
                throw new RefusedAddressException(e.getMessage());
            }
            if (!listedExactly(name)) {
                ForbiddenAddresses.refuseForbidden(name, literal, HOW_TO_ALLOW);
            }
            return literal;
        }
        InetAddress[] addresses = resolver.resolve(name);
        ForbiddenAddresses.refuseForbidden(name, addresses, HOW_TO_ALLOW);
        return addresses;
    }

    private static void refuseDangerous(String host, InetAddress address) {
        try {
            ForbiddenAddresses.refuseForbidden(host, new InetAddress[]{address}, HOW_TO_ALLOW);
        } catch (RefusedAddressException e) {
            throw new RefusedUrlException(e.getMessage());
        }
    }

    /** Parses an IP literal (a zone such as %eth0 dropped) without any lookup; refuses what does not parse. */
    private static InetAddress literal(String host) {
        String address = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new RefusedUrlException("'" + host + "' is not a usable address");
        }
    }

    private static String host(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException("'" + scheme + "' URLs are not sent to; use http or https");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            throw new RefusedUrlException("the URL has no host");
        }
        return bare(host.toLowerCase(Locale.ROOT));
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private boolean listedExactly(String host) {
        return allowedHosts.contains(host);
    }

    private boolean allowed(String host) {
        for (String entry : allowedHosts) {
            if (entry.equals("*") || entry.equals(host)
                    || (entry.startsWith("*.") && host.endsWith(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** A URL Opsplane will not send to; the message says why. */
    public static final class RefusedUrlException extends IllegalArgumentException {
        public RefusedUrlException(String message) {
            super(message);
        }
    }
}
