package io.opsplane.console.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsplane.security.*}: the users who sign in with a password, the OIDC role mapping, and
 * the payload fields a VIEWER sees masked.
 */
@ConfigurationProperties("opsplane.security")
public class SecurityProperties {

    /** Users signing in with a password; the password is a hash such as {bcrypt}$2a$10$…, never plain text. */
    private List<User> users = new ArrayList<>();

    /** Payload field names (at any depth, case-insensitive) whose values a VIEWER sees masked. */
    private List<String> maskedFields = new ArrayList<>(List.of("cardNumber", "phone", "address", "email"));

    private Oidc oidc = new Oidc();

    public List<User> getUsers() {
        return users;
    }

    public void setUsers(List<User> users) {
        this.users = users;
    }

    public List<String> getMaskedFields() {
        return maskedFields;
    }

    public void setMaskedFields(List<String> maskedFields) {
        this.maskedFields = maskedFields;
    }

    public Oidc getOidc() {
        return oidc;
    }

    public void setOidc(Oidc oidc) {
        this.oidc = oidc;
    }

    public static class User {
        private String name;
        private String password;
        private List<String> roles = new ArrayList<>(List.of(Role.VIEWER.name()));

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    /** How an OIDC sign-in (spring.security.oauth2.client.registration.*) becomes Opsplane roles. */
    public static class Oidc {
        /** The ID-token or user-info claim holding the user's groups or roles (a list or one string). */
        private String rolesClaim = "roles";

        /** Claim value → role, e.g. {@code opsplane-admins: ADMIN}; values named like a role map to it as well. */
        private Map<String, String> roleMapping = new LinkedHashMap<>();

        /** The role of a user whose claim maps to none; empty: such a user is refused. */
        private String defaultRole = "";

        public String getRolesClaim() {
            return rolesClaim;
        }

        public void setRolesClaim(String rolesClaim) {
            this.rolesClaim = rolesClaim;
        }

        public Map<String, String> getRoleMapping() {
            return roleMapping;
        }

        public void setRoleMapping(Map<String, String> roleMapping) {
            this.roleMapping = roleMapping;
        }

        public String getDefaultRole() {
            return defaultRole;
        }

        public void setDefaultRole(String defaultRole) {
            this.defaultRole = defaultRole;
        }
    }
}
