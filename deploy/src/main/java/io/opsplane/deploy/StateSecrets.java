package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets of a local Opsplane (the admin password, the agents' API key): generated on the first run and kept in
 * the state folder, readable by its owner only, so every later run uses the same one.
 */
final class StateSecrets {

    private StateSecrets() {
    }

    /** The secret kept in {@code stateDir/fileName}, or a new one from {@code generate}, stored there first. */
    static String kept(Path stateDir, String fileName, Supplier<String> generate) {
        Path file = stateDir.resolve(fileName);
        try {
            if (Files.exists(file)) {
                String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!secret.isEmpty()) {
                    return secret;
                }
            }
            Files.createDirectories(stateDir);
            String secret = generate.get();
            // created owner-only before the secret is written, so it is never readable by others, not even briefly
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
