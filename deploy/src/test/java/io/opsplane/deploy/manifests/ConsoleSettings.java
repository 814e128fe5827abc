package io.opsplane.deploy.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The environment variables the console understands, so that a deployment's variable that the console
 * would silently ignore (a typo, a renamed setting) fails a test. A variable is understood when it is
 * <ul>
 *   <li>a placeholder of the console's application.yml ({@code ${OPSPLANE_DB_URL:...}}) or of the
 *       deployments' settings file (deploy/kubernetes/base/opsplane/application.yml), including its
 *       commented alert-receiver example, whose webhook secret the deployments already pass in;</li>
 *   <li>the environment form (Spring Boot's relaxed binding: upper case, dots to underscores, dashes
 *       dropped) of an Opsplane property: a key of application.yml, a component of a
 *       {@code @ConfigurationProperties} record, or an {@code @Value} placeholder in any module's sources;</li>
 *   <li>the environment form of a Spring Boot property from the configuration metadata of the Boot
 *       modules the console uses (a map-valued property, such as {@code spring.kafka.properties}, takes
 *       any key below it);</li>
 *   <li>or {@code JAVA_TOOL_OPTIONS}, read by the JVM itself.</li>
 * </ul>
 */
final class ConsoleSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern CONFIGURATION_RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)\\s*(?:public\\s+)?(?:static\\s+)?record\\s+\\w+\\s*\\(([^)]*)\\)",
            Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("@Value\\(\"\\$\\{([a-z0-9.-]+)(?::[^}]*)?}\"\\)");

    private final Set<String> exact = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();

    ConsoleSettings() {
        exact.add("JAVA_TOOL_OPTIONS");
        for (Path settings : new Path[] {
                Repository.path("console/src/main/resources/application.yml"),
                Repository.path("deploy/kubernetes/base/opsplane/application.yml")}) {
            Matcher placeholders = PLACEHOLDER.matcher(Repository.text(settings));
            while (placeholders.find()) {
                exact.add(placeholders.group(1));
            }
            propertiesOf("", Repository.yaml(settings));
        }
        sourceProperties();
        bootMetadata();
        opsplaneMetadata();
    }

    /**
     * The metadata the configuration processor writes for Opsplane's own settings records (nested records
     * included, which reading the sources cannot follow), where the modules have been built.
     */
    private void opsplaneMetadata() {
        JsonMapper json = new JsonMapper();
        for (String module : new String[] {"console", "alerting"}) {
            Path metadata = Repository.path(module + "/target/classes/META-INF/spring-configuration-metadata.json");
            if (!Files.exists(metadata)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(metadata)) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    exact.add(environmentForm(property.path("name").asText()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    boolean understands(String variable) {
        return exact.contains(variable) || prefixes.stream().anyMatch(variable::startsWith);
    }

    /** Spring Boot's environment form of a property name (dashes dropped). */
    static String environmentForm(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** The legacy form Spring Boot also maps (dashes as underscores: SPRING_CONFIG_ADDITIONAL_LOCATION). */
    static String legacyEnvironmentForm(String property) {
        return property.replace('-', '_').replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private void propertiesOf(String prefix, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                propertiesOf(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue());
            }
        } else if (!prefix.isEmpty()) {
            exact.add(environmentForm(prefix));
        }
    }

    private void sourceProperties() {
        try (Stream<Path> files = Files.walk(Repository.root(), 16)) {
            files.filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/main/java/") && !file.toString().contains("/target/"))
                    .forEach(file -> {
                        String source = Repository.text(file);
                        Matcher records = CONFIGURATION_RECORD.matcher(source);
                        while (records.find()) {
                            for (String component : records.group(2).split(",")) {
                                String[] words = component.replaceAll("@\\w+(\\([^)]*\\))?", "").trim().split("\\s+");
                                String name = words[words.length - 1];
                                if (!name.isBlank()) {
                                    String property = records.group(1) + "." + kebab(name);
                                    exact.add(environmentForm(property));
                                    // nested values (lists, maps, records) bind below the property
                                    prefixes.add(environmentForm(property) + "_");
                                }
                            }
                        }
                        Matcher values = VALUE.matcher(source);
                        while (values.find()) {
                            exact.add(environmentForm(values.group(1)));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void bootMetadata() {
        JsonMapper json = new JsonMapper();
        try {
            for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String variable = environmentForm(property.path("name").asText());
                        exact.add(variable);
                        exact.add(legacyEnvironmentForm(property.path("name").asText()));
                        if (property.path("type").asText().startsWith("java.util.Map<")) {
                            prefixes.add(variable + "_");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
