package io.opsplane.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Marks one service's own configuration (the one a {@link Role} starts): the beans of its package, scanned from
 * the annotated class's package as {@code @SpringBootApplication} does, on top of what every service shares.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Configuration(proxyBeanMethods = false)
@Import(SharedConfiguration.class)
@ComponentScan
public @interface ServiceConfiguration {
}
