package io.opsplane.support.outbound;

import java.net.UnknownHostException;

/**
 * A destination refused before any connection: its name resolved to an address outbound requests may not reach.
 * An {@link UnknownHostException} so it passes unchanged through the HTTP client's resolver hook; the message
 * says why and never repeats a URL (a Slack webhook URL is itself a credential).
 */
public class RefusedAddressException extends UnknownHostException {

    public RefusedAddressException(String message) {
        super(message);
    }
}
