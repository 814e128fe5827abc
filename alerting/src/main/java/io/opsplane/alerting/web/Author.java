package io.opsplane.alerting.web;

import java.security.Principal;

/**
 * Who did something through the API: the authenticated user of the request, never a name the
 * client writes into the body, so an acknowledgement or a silence cannot be made in someone else's name.
 */
public final class Author {

    /** Refused when a request reaches an acting endpoint without a signed-in user. */
    public static class Unauthenticated extends RuntimeException {
        Unauthenticated() {
            super("this needs a signed-in user: who does it is recorded");
        }
    }

    private Author() {
    }

    public static String of(Principal user) {
        if (user == null || user.getName() == null || user.getName().isBlank()) {
            throw new Unauthenticated();
        }
        return user.getName();
    }
}
