package io.opsplane.deploy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The API key the demo's agents export telemetry with (role INGEST: writes {@code /v1/*}, reads
 * nothing). Like the admin password it is generated on the first run and kept in the state folder,
 * readable by its owner only; the console gets only its SHA-256.
 */
record IngestKey(String key) {

    static final String NAME = "demo-agents";
    private static final String FILE = "ingest-key";

    /** The stored key, created (256 random bits) when there is none yet. */
    static IngestKey inStateDir(Path stateDir) {
        return new IngestKey(StateSecrets.kept(stateDir, FILE, () -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return "opsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }));
    }

    /** Where the key is kept, to tell the user. */
    static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    /** The console's command-line arguments that make this the one configured API key. */
    List<String> consoleArguments() {
        return List.of("--opsplane.security.api-keys[0].name=" + NAME,
                "--opsplane.security.api-keys[0].key-hash=" + hash(),
                "--opsplane.security.api-keys[0].roles=INGEST");
    }

    /** {@code {sha256}<hex>}, as {@code opsplane.security.api-keys[*].key-hash} takes it. */
    String hash() {
        try {
            return "{sha256}" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The agent's {@code otel.exporter.otlp.headers}: its values are URL-decoded, so they are URL-encoded here. */
    String exporterHeaders() {
        return "Authorization=" + URLEncoder.encode("Bearer " + key, StandardCharsets.UTF_8);
    }
}
