package io.opsplane.demo.order;

import io.opsplane.demo.SharedConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The order service: takes orders, keeps their status, coordinates refunds, generates load. */
@Configuration(proxyBeanMethods = false)
@Import(SharedConfiguration.class)
@ComponentScan
public class OrderConfiguration {
}
