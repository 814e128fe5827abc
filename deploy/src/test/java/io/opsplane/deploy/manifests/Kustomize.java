package io.opsplane.deploy.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders a kustomization with the real Kustomize: {@code kubectl kustomize} (kubectl 1.27 or newer
 * embeds Kustomize 5). Rendering is what `kubectl apply -k` does first, so what is checked is what a
 * cluster would receive. Where no such kubectl is installed (it is not among Debian's packages, whose
 * kubernetes-client 1.20 carries a Kustomize too old for these files), the rendering tests are skipped
 * and say why; the manifests' own files are still loaded strictly by the other tests.
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
                Assumptions.assumeTrue(kustomizeFive(candidate), candidate + " embeds a Kustomize older than 5: "
                        + "rendering deploy/kubernetes needs kubectl 1.27 or newer");
                return candidate;
            }
        }
        Assumptions.abort("no kubectl on the PATH: rendering deploy/kubernetes needs kubectl 1.27 or newer");
        return null;
    }

    /** Whether {@code kubectl version --client} reports Kustomize 5 or newer. */
    private static boolean kustomizeFive(Path kubectl) {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "version", "--client").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("Kustomize Version: v(\\d+)").matcher(out);
            return version.find() && Integer.parseInt(version.group(1)) >= 5;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Kustomize() {
    }
}
