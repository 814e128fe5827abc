package io.opsplane.demo.gateway;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The API gateway of the strangler fig: it owns {@code POST /orders} at the edge and sends each order to the legacy
 * shop or the new order service, by a share that can be changed while it runs. Nothing of the shop's messaging:
 * it has no database and no Kafka.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class GatewayConfiguration {
}
