package io.opsplane.deploy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The admin user of a local Opsplane: its password is generated on the first run and kept in the
 * state folder (readable by its owner only), so every later run signs in the same way. The console
 * gets only its bcrypt hash, as a configured user.
 */
record AdminUser(String name, String password) {

    static final String NAME = "admin";
    private static final String FILE = "admin-password";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** The stored admin, created with a new random password when there is none yet. */
    static AdminUser inStateDir(Path stateDir) {
        return new AdminUser(NAME, StateSecrets.kept(stateDir, FILE, AdminUser::generatePassword));
    }

    /** Where the password is kept, to tell the user. */
    static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    /** The console's command-line arguments that make this the one configured user. */
    List<String> consoleArguments() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
        return List.of("--opsplane.security.users[0].name=" + name,
                "--opsplane.security.users[0].password=" + hash,
                "--opsplane.security.users[0].roles=ADMIN");
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
