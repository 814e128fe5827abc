package io.opsplane.console.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an engine-backed test class's tests on OpenSearch instead of Elasticsearch: put it on a subclass of the
 * Elasticsearch test, whose {@code @BeforeAll} asks {@link TestSearchEngine#of(org.junit.jupiter.api.TestInfo)}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnOpenSearch {
}
