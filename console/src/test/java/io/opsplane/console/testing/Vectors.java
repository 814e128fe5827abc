package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The upstream samples in {@code src/test/resources/upstream/} (copied byte for byte, with their sources and
 * licences), read as they are from the test class path: a clone of the repository alone runs every test.
 */
public final class Vectors {

    private static Path root;

    private Vectors() {
    }

    public static synchronized Path root() {
        if (root == null) {
            URL readme = Vectors.class.getResource("/upstream/README.md");
            if (readme == null) {
                throw new IllegalStateException("no upstream/ test data on the class path");
            }
            try {
                root = Path.of(readme.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
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
