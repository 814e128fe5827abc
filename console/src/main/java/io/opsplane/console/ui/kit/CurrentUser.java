package io.opsplane.console.ui.kit;

import io.opsplane.console.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is signed in to the console, for views that offer more to some roles (the services check again). */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** Whether the user holds {@code role} (an ADMIN holds OPERATOR and VIEWER too). */
    public static boolean has(Role role) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        return user != null && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(role.authority()::equals);
    }

    public static String name() {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        return user == null ? "" : user.getName();
    }
}
