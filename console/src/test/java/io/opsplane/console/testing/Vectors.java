package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The upstream samples in {@code shared/vectors/}, read as they are. Found by walking up from the
 * working directory (the console module, a worktree or the repository root), or at
 * {@code -Dopsplane.vectors=DIR}.
 */
public final class Vectors {

    private static Path root;

    private Vectors() {
    }

    public static synchronized Path root() {
        if (root == null) {
            String configured = System.getProperty("opsplane.vectors");
            if (configured != null) {
                root = Path.of(configured);
            } else {
                for (Path dir = Path.of("").toAbsolutePath(); dir != null && root == null; dir = dir.getParent()) {
                    Path candidate = dir.resolve("shared/vectors");
                    if (Files.isDirectory(candidate)) {
                        root = candidate;
                    }
                }
            }
            if (root == null) {
                throw new IllegalStateException("no shared/vectors folder above " + Path.of("").toAbsolutePath()
                        + "; set -Dopsplane.vectors=DIR");
            }
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
