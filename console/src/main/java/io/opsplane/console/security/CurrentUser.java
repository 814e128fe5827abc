package io.opsplane.console.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The person behind the current request, for code that acts on their behalf outside the URL rules
 * (the console's views call services directly): their name, to record who did something, and their
 * role, checked again on the server whatever the browser showed or sent.
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The signed-in user's name; refused when nobody is signed in. */
    public static String name() {
        Authentication authentication = signedIn();
        if (authentication == null) {
            throw new AccessDeniedException("nobody is signed in");
        }
        return authentication.getName();
    }

    public static boolean has(Role role) {
        Authentication authentication = signedIn();
        return authentication != null && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(role.authority()::equals);
    }

    /** Refuses, naming the role, unless the signed-in user has {@code role}. */
    public static void require(Role role, String toDoWhat) {
        if (!has(role)) {
            throw new AccessDeniedException(toDoWhat + " needs the " + role + " role");
        }
    }

    private static Authentication signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken ? null : authentication;
    }
}
