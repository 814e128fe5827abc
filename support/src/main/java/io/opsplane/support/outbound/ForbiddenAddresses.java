package io.opsplane.support.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Addresses an outbound request must not reach however its host was allowed: link-local (169.254.0.0/16,
 * fe80::/10) and cloud instance-metadata services, which hand out credentials to whoever asks from inside.
 */
public final class ForbiddenAddresses {

    /** Metadata addresses outside the link-local ranges: Alibaba Cloud's, AWS's IPv6 IMDS. */
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private ForbiddenAddresses() {
    }

    /** Whether {@code address} is link-local or a metadata address, also when wrapped (NAT64 64:ff9b::/96). */
    public static boolean forbidden(InetAddress address) {
        InetAddress plain = unwrapNat64(address);
        return plain.isLinkLocalAddress()
                || METADATA_ADDRESSES.contains(plain.getHostAddress().toLowerCase(Locale.ROOT));
    }

    /** Refuses the first forbidden address, naming the host and the address. */
    public static void refuseForbidden(String host, InetAddress[] addresses, String howToAllow)
            throws RefusedAddressException {
        for (InetAddress address : addresses) {
            if (forbidden(address)) {
                throw new RefusedAddressException("host '" + host + "' resolves to "
                        + address.getHostAddress().toLowerCase(Locale.ROOT)
                        + ", a link-local or cloud metadata address" + (howToAllow == null ? "" : "; " + howToAllow));
            }
        }
    }

    /** An IPv4 address embedded in the well-known NAT64 prefix 64:ff9b::/96 reaches that IPv4 address. */
    private static InetAddress unwrapNat64(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b;
            for (int i = 4; nat64 && i < 12; i++) {
                nat64 = bytes[i] == 0;
            }
            if (nat64) {
                try {
                    return InetAddress.getByAddress(new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }
}
