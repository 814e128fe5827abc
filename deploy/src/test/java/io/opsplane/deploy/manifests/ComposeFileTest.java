package io.opsplane.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker-compose/docker-compose.yml, checked as `docker compose config` would check it (no Docker
 * engine runs here): every service has an image or a build whose Dockerfile and copied files exist,
 * dependencies name services (and wait for health only where there is a healthcheck), volumes are
 * declared or are files that exist, and the console is given only settings it understands.
 */
class ComposeFileTest {

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):\\?");

    private final Path composeFile = Repository.path("deploy/docker-compose/docker-compose.yml");
    private final JsonNode compose = Repository.yaml(composeFile);
    private final JsonNode services = compose.path("services");

    @Test
    void theStackHasEveryPart() {
        assertThat(names(services)).containsExactlyInAnyOrder("elasticsearch", "jaeger", "otel-gateway", "otel-agent",
                "kafka", "postgres", "opsplane", "order", "inventory", "payment");
        assertThat(services.path("elasticsearch").path("image").asText()).startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.19.");
        assertThat(services.path("jaeger").path("image").asText()).startsWith("jaegertracing/jaeger:2.");
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("otel-gateway").path("image").asText()).startsWith("otel/opentelemetry-collector-contrib:");
    }

    @Test
    void everyServiceHasAnImageOrABuildWhoseFilesExist() {
        for (String name : names(services)) {
            JsonNode service = services.path(name);
            assertThat(service.has("image") || service.has("build")).as(name + ": image or build").isTrue();
            if (service.has("build")) {
                Path context = composeFile.getParent().resolve(service.path("build").path("context").asText()).normalize();
                Path dockerfile = context.resolve(service.path("build").path("dockerfile").asText());
                assertThat(dockerfile).as(name + "'s Dockerfile").isRegularFile();
                for (String source : copiedSources(Repository.text(dockerfile))) {
                    // the jars are built by ./mvnw package; everything else must be in the repository
                    if (!source.endsWith(".jar")) {
                        assertThat(context.resolve(source)).as(name + " copies " + source).exists();
                    }
                    // the .dockerignore excludes everything but what the images copy
                    assertThat(Repository.text(context.resolve(".dockerignore")).lines()
                            .filter(line -> line.startsWith("!")).map(line -> line.substring(1)))
                            .as(".dockerignore lets " + source + " in")
                            .anyMatch(allowed -> source.equals(allowed) || allowed.endsWith("/") && source.startsWith(allowed));
                }
            }
        }
        assertThat(services.path("opsplane").path("build").path("dockerfile").asText()).isEqualTo("deploy/docker/console.Dockerfile");
        assertThat(Repository.text(Repository.path("deploy/docker/console.Dockerfile")))
                .contains("COPY --chown=opsplane:opsplane console/target/opsplane-console.jar");
        assertThat(Repository.text(Repository.path("deploy/docker/demo.Dockerfile"))).contains("demo/target/opsplane-demo.jar");
        for (String role : List.of("order", "inventory", "payment")) {
            assertThat(services.path(role).path("command").get(0).asText()).isEqualTo("--demo.service=" + role);
        }
    }

    @Test
    void dependenciesNameServicesAndWaitForHealthOnlyWhereThereIsAHealthcheck() {
        for (String name : names(services)) {
            JsonNode dependsOn = services.path(name).path("depends_on");
            for (String dependency : names(dependsOn)) {
                assertThat(services.has(dependency)).as(name + " depends on " + dependency).isTrue();
                String condition = dependsOn.path(dependency).path("condition").asText();
                assertThat(condition).isIn("service_started", "service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(services.path(dependency).has("healthcheck")).as(dependency + " has a healthcheck").isTrue();
                }
            }
        }
        assertThat(names(services.path("opsplane").path("depends_on"))).contains("postgres", "kafka", "elasticsearch");
    }

    @Test
    void namedVolumesAreDeclaredAndMountedFilesExist() {
        Set<String> declared = Set.copyOf(names(compose.path("volumes")));
        for (String name : names(services)) {
            for (JsonNode volume : services.path(name).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(composeFile.getParent().resolve(source).normalize()).as(name + " mounts " + source).exists();
                } else {
                    assertThat(declared).as(name + "'s volume " + source).contains(source);
                }
            }
        }
    }

    @Test
    void portsArePublishedAsHostToContainer() {
        for (String name : names(services)) {
            for (JsonNode port : services.path(name).path("ports")) {
                assertThat(port.asText()).as(name + " port").matches("\\d+:\\d+");
            }
        }
        assertThat(services.path("opsplane").path("ports").get(0).asText()).endsWith(":8080");
    }

    @Test
    void theConsoleIsGivenOnlySettingsItUnderstandsAndReachesTheOtherServices() {
        ConsoleSettings console = new ConsoleSettings();
        JsonNode environment = services.path("opsplane").path("environment");
        assertThat(names(environment)).allSatisfy(name -> assertThat(console.understands(name)).as(name).isTrue());
        assertThat(environment.path("OPSPLANE_DB_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/opsplane");
        // the console runs as a role that may only append to the audit log, migrations as the owner; the
        // database container makes both on its first start, with the passwords the console is given
        JsonNode postgres = services.path("postgres").path("environment");
        assertThat(environment.path("OPSPLANE_DB_USER").asText()).isEqualTo("opsplane_app");
        assertThat(environment.path("OPSPLANE_DB_OWNER_USER").asText()).isEqualTo("opsplane_owner");
        assertThat(environment.path("OPSPLANE_DB_USER").asText()).isNotEqualTo(postgres.path("POSTGRES_USER").asText());
        assertThat(environment.path("OPSPLANE_DB_PASSWORD").asText()).isEqualTo(postgres.path("OPSPLANE_DB_APP_PASSWORD").asText());
        assertThat(environment.path("OPSPLANE_DB_OWNER_PASSWORD").asText()).isEqualTo(postgres.path("OPSPLANE_DB_OWNER_PASSWORD").asText());
        assertThat(services.path("postgres").path("volumes").toString()).contains(
                "../kubernetes/overlays/local/opsplane-roles.sh:/docker-entrypoint-initdb.d/opsplane-roles.sh:ro");
        assertThat(Repository.text(composeFile.getParent().resolve("../kubernetes/overlays/local/opsplane-roles.sh")))
                .contains("CREATE ROLE opsplane_owner LOGIN", "CREATE ROLE opsplane_app LOGIN",
                        "ALTER DATABASE opsplane OWNER TO opsplane_owner", "$OPSPLANE_DB_APP_PASSWORD",
                        "$OPSPLANE_DB_OWNER_PASSWORD");
        assertThat(environment.path("OPSPLANE_KAFKA").asText()).isEqualTo("kafka:9092");
        assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()).isEqualTo("PLAINTEXT://kafka:9092");
        assertThat(environment.path("OPSPLANE_ELASTICSEARCH_URIS").asText()).isEqualTo("http://elasticsearch:9200");
        assertThat(environment.path("OPSPLANE_SAGAS").asText()).isEqualTo("file:/etc/opsplane/sagas/*.yml");
        assertThat(services.path("opsplane").path("volumes").toString())
                .contains("../sagas:/etc/opsplane/sagas:ro")
                .contains("../kubernetes/base/opsplane/application.yml:/etc/opsplane/config/application.yml:ro");
    }

    @Test
    void everyVariableTheStackRequiresIsInTheEnvExample() throws Exception {
        Matcher required = REQUIRED_VARIABLE.matcher(Repository.text(composeFile));
        List<String> variables = new ArrayList<>();
        while (required.find()) {
            variables.add(required.group(1));
        }
        assertThat(variables).contains("OPSPLANE_ADMIN_PASSWORD_HASH");
        Properties example = new Properties();
        try (var reader = Files.newBufferedReader(composeFile.getParent().resolve(".env.example"))) {
            example.load(reader);
        }
        assertThat(example.stringPropertyNames()).containsAll(variables);
        assertThat(example.getProperty("OPSPLANE_ADMIN_PASSWORD_HASH")).startsWith("'{bcrypt}$2");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            names.add(fields.next());
        }
        return names;
    }

    /** The sources of a Dockerfile's COPY lines (flags such as --chown left out). */
    private static List<String> copiedSources(String dockerfile) {
        List<String> sources = new ArrayList<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("COPY ")) {
                String[] words = line.substring(5).trim().split("\\s+");
                List<String> arguments = java.util.Arrays.stream(words).filter(word -> !word.startsWith("--")).toList();
                sources.addAll(arguments.subList(0, arguments.size() - 1));
            }
        }
        return sources;
    }
}
