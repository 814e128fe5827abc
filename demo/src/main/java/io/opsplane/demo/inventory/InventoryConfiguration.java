package io.opsplane.demo.inventory;

import io.opsplane.demo.SharedConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The inventory service: stock levels per product, reservations per order. */
@Configuration(proxyBeanMethods = false)
@Import(SharedConfiguration.class)
@ComponentScan
public class InventoryConfiguration {
}
