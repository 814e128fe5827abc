package io.opsplane.support.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to its addresses. The system resolver in production; a test injects its own to replay
 * what a hostile name server could answer (a name that resolves to 169.254.169.254), without any DNS.
 */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
