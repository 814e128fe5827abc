package io.opsplane.console.compensation;

import java.util.List;
import java.util.Map;

import io.opsplane.console.security.Role;
import io.opsplane.console.security.SecurityProperties;
import io.opsplane.console.text.Phrase;
import org.springframework.stereotype.Service;

/**
 * Who may approve what one operator asked for: the four-eyes rule needs another OPERATOR or ADMIN. Named from the
 * configured users and, for sign-in through OIDC, the groups mapped to those roles; a two-person team at night needs
 * to know whom to wake, and that there is someone at all.
 */
@Service
public class Approvers {

    /** The people by name, and the OIDC groups whose members may approve too. */
    public record WhoMayApprove(List<String> people, List<String> groups) {

        public boolean nobody() {
            return people.isEmpty() && groups.isEmpty();
        }

        /** "alice or bob", "alice, or a member of oncall signing in through SSO", or that nobody may. */
        public Phrase inWords() {
            if (nobody()) {
                return Phrase.of("approvers.nobody");
            }
            Phrase group = Phrase.of("approvers.group", Phrase.anyOf(groups));
            if (groups.isEmpty()) {
                return Phrase.anyOf(people);
            }
            return people.isEmpty() ? group : Phrase.of("approvers.peopleOrGroup", Phrase.anyOf(people), group);
        }
    }

    private final SecurityProperties security;

    Approvers(SecurityProperties security) {
        this.security = security;
    }

    /** Who may approve what {@code requester} asked for: every other operator or admin. */
    public WhoMayApprove besides(String requester) {
        List<String> people = security.users().stream()
                .filter(user -> !user.name().equals(requester) && user.roles().stream().anyMatch(Approvers::approves))
                .map(SecurityProperties.User::name).sorted().toList();
        List<String> groups = security.oidc() == null ? List.of() : security.oidc().roleMapping().entrySet().stream()
                .filter(mapping -> approves(mapping.getValue())).map(Map.Entry::getKey).sorted().toList();
        return new WhoMayApprove(people, groups);
    }

    private static boolean approves(String role) {
        try {
            Role parsed = Role.parse(role);
            return parsed == Role.OPERATOR || parsed == Role.ADMIN;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
