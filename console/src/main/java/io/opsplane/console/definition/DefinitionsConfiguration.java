package io.opsplane.console.definition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

@Configuration(proxyBeanMethods = false)
class DefinitionsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DefinitionsConfiguration.class);

    /**
     * Where saga definitions are read from: Spring resource patterns such as
     * {@code file:/etc/opsplane/sagas/*.yml} or {@code classpath:sagas/*.yml}.
     */
    @ConfigurationProperties("opsplane.sagas")
    record SagaDefinitionProperties(List<String> locations) {
        SagaDefinitionProperties {
            locations = locations == null ? List.of("file:./sagas/*.yml", "file:./sagas/*.yaml") : locations;
        }
    }

    @Bean
    SagaDefinitions sagaDefinitions(SagaDefinitionProperties properties) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        DefinitionLoader loader = new DefinitionLoader();
        List<SagaDefinition> definitions = new ArrayList<>();
        for (String location : properties.locations()) {
            Resource[] resources;
            try {
                resources = resolver.getResources(location);
            } catch (IOException e) {
                throw new DefinitionException(location + ": cannot list saga definitions: " + e.getMessage());
            }
            Arrays.sort(resources, Comparator.comparing(Resource::getDescription));
            for (Resource resource : resources) {
                if (resource.exists()) {
                    definitions.addAll(loader.load(resource));
                }
            }
        }
        SagaDefinitions loaded = new SagaDefinitions(definitions);
        if (loaded.isEmpty()) {
            log.warn("No saga definitions found in {}: nothing will be tracked", properties.locations());
        } else {
            log.info("Tracking sagas {} on topics {}", loaded.all(), loaded.topics());
        }
        return loaded;
    }
}
