package io.opsplane.deploy.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a kustomization with the real Kustomize: {@code kubectl kustomize} (kubectl 1.32 embeds
 * Kustomize 5.5; the machine image has it at /usr/bin/kubectl). Rendering is what `kubectl apply -k`
 * does first, so what is checked is what a cluster would receive.
 */
final class Kustomize {

    static List<JsonNode> render(Path kustomization) {
        Path kubectl = kubectl();
        try {
            Path output = Files.createTempFile("kustomize", ".yaml");
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                        .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + kustomization + " did not finish within 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + kustomization + " failed:\n"
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return Repository.yamlDocuments(Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path kubectl() {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("kubectl (1.27 or newer, for its embedded Kustomize 5) is needed to render "
                + "deploy/kubernetes and is not on the PATH");
    }

    private Kustomize() {
    }
}
