package io.opsplane.collector;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Collector configuration file as the Collector reads it: components by kind ({@code receivers},
 * {@code processors}, {@code exporters}, {@code extensions}), ids as {@code type[/name]}, and the
 * pipelines of {@code service}. Environment references ({@code ${env:NAME:-default}}) are kept as
 * written; {@link #withDefaults} gives the value the Collector uses when the variable is unset.
 */
final class CollectorConfigFile {

    static final List<String> COMPONENT_KINDS = List.of("receivers", "processors", "exporters", "connectors", "extensions");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    final Path path;
    final Map<String, Object> root;

    private CollectorConfigFile(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    static CollectorConfigFile load(Path path) {
        return new CollectorConfigFile(path, Yamls.load(path));
    }

    /** The module's folder: Maven runs the tests there. */
    static Path moduleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("gateway.yaml")) ? here : here.resolve("collector-config");
    }

    static Path repositoryRoot() {
        return moduleDirectory().getParent();
    }

    static List<Path> all() throws IOException {
        try (var files = Files.list(moduleDirectory())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    String name() {
        return path.getFileName().toString();
    }

    /** The components of one kind, by id; empty when the file has none. */
    Map<String, Object> components(String kind) {
        Object section = root.get(kind);
        return section == null ? Map.of() : Yamls.map(section, name() + ": " + kind);
    }

    /** The settings of one component (an empty map for a component written with no settings). */
    Map<String, Object> component(String kind, String id) {
        Object settings = components(kind).get(id);
        return settings == null ? Map.of() : Yamls.map(settings, name() + ": " + kind + "." + id);
    }

    Map<String, Object> service() {
        return Yamls.map(root.get("service"), name() + ": service");
    }

    List<String> serviceExtensions() {
        return Yamls.strings(service().getOrDefault("extensions", List.of()), name() + ": service.extensions");
    }

    Map<String, Pipeline> pipelines() {
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        Yamls.map(service().get("pipelines"), name() + ": service.pipelines").forEach((id, value) -> {
            Map<String, Object> pipeline = Yamls.map(value, name() + ": pipeline " + id);
            pipelines.put(id, new Pipeline(id,
                    Yamls.strings(pipeline.getOrDefault("receivers", List.of()), id + ".receivers"),
                    Yamls.strings(pipeline.getOrDefault("processors", List.of()), id + ".processors"),
                    Yamls.strings(pipeline.getOrDefault("exporters", List.of()), id + ".exporters")));
        });
        return pipelines;
    }

    /** The component type of an id: {@code otlp_grpc/jaeger} is an {@code otlp_grpc}. */
    static String type(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }

    /** The value with every {@code ${env:NAME:-default}} replaced by its default (empty without one). */
    static String withDefaults(String value) {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** The environment variables a value reads. */
    static List<String> environmentVariables(String value) {
        List<String> names = new ArrayList<>();
        Matcher matcher = ENV_REFERENCE.matcher(value);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    record Pipeline(String id, List<String> receivers, List<String> processors, List<String> exporters) {

        String signal() {
            return type(id);
        }
    }

    /** YAML read strictly: safe types only, and a key written twice is an error rather than a silent overwrite. */
    static final class Yamls {

        static Map<String, Object> load(Path path) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            try (Reader reader = Files.newBufferedReader(path)) {
                Object document = new Yaml(new SafeConstructor(options)).load(reader);
                return map(document, path.toString());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path, e);
            }
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value, String where) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new AssertionError(where + " should be a mapping, is " + value);
            }
            return (Map<String, Object>) map;
        }

        static List<String> strings(Object value, String where) {
            if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new AssertionError(where + " should be a list of names, is " + value);
            }
            return list.stream().map(String.class::cast).toList();
        }

        private Yamls() {
        }
    }
}
