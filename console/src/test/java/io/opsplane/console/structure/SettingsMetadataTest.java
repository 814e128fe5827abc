package io.opsplane.console.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code opsplane.*} setting the README and docs tell an operator to set is one an IDE completes and
 * describes: the configuration processor's metadata (from the settings records, plus the few settings read by
 * annotations) knows it. A setting renamed in code but not in the docs, or documented but never read, fails here.
 */
class SettingsMetadataTest {

    /** The first column of a settings table: | `opsplane.x.y` … (wildcards like opsplane.compensation.* excepted). */
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(opsplane\\.[a-z0-9.\\-]+[a-z0-9])`", Pattern.MULTILINE);

    @Test
    void everyDocumentedSettingIsKnownToTheMetadata() throws IOException {
        Set<String> known = new TreeSet<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonMapper.builder().build().readTree(in).path("properties")
                        .forEach(property -> known.add(property.path("name").asString()));
            }
        }
        assertThat(known).as("the metadata of the console and the alerting library")
                .contains("opsplane.security.users", "opsplane.alerting.rules-file");

        Set<String> documented = new TreeSet<>();
        Path repository = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
            Stream.concat(Stream.of(repository.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md")))
                    .forEach(doc -> documented.addAll(settingsTables(doc)));
        }
        assertThat(documented).as("settings in the README's and docs' settings tables").isNotEmpty()
                .allSatisfy(setting -> assertThat(known).as("metadata").contains(setting));
    }

    /** Settings named in tables whose header starts with "| setting". */
    private static Set<String> settingsTables(Path doc) {
        Set<String> settings = new TreeSet<>();
        boolean inSettingsTable = false;
        try {
            for (String line : Files.readAllLines(doc)) {
                if (!line.startsWith("|")) {
                    inSettingsTable = false;
                } else if (line.toLowerCase().startsWith("| setting")) {
                    inSettingsTable = true;
                } else if (inSettingsTable) {
                    Matcher name = DOCUMENTED.matcher(line);
                    if (name.find()) {
                        settings.add(name.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(doc + ": " + e.getMessage(), e);
        }
        return settings;
    }
}
