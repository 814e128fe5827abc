package io.opsplane.alerting.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether Opsplane may send to a URL: http(s) only, the host on the allow-list
 * ({@code opsplane.alerting.allowed-hosts}), and never a link-local or cloud metadata address unless
 * that exact host is listed (a wildcard is not enough). Addresses are checked as resolved, so a name
 * that resolves to 169.254.169.254 is refused like the literal.
 */
public final class UrlGuard {

    /** Resolves a host name to its addresses; the JDK resolver in production. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Names cloud providers answer instance metadata on. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.oraclecloud.com");
    /** Metadata addresses outside 169.254.0.0/16 and fe80::/10: Alibaba Cloud's, AWS's IPv6 IMDS. */
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final List<String> allowedHosts;
    private final Resolver resolver;

    public UrlGuard(List<String> allowedHosts, Resolver resolver) {
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

    /** Every check, including what the host resolves to now; called before each request. */
    public void check(URI url) {
        checkStatically(url);
        String host = host(url);
        if (listedExactly(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedUrlException("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            refuseDangerous(host, address);
        }
    }

    private static void refuseDangerous(String host, InetAddress address) {
        String literal = address.getHostAddress().toLowerCase(Locale.ROOT);
        if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(literal)) {
            throw new RefusedUrlException("host '" + host + "' resolves to " + literal
                    + ", a link-local or cloud metadata address; list the host exactly in "
                    + "opsplane.alerting.allowed-hosts to allow it");
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
        host = host.toLowerCase(Locale.ROOT);
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
