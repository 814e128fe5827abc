package io.opsplane.demo.payment;

import io.opsplane.demo.SharedConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The payment service: charges, refunds and their reversals. */
@Configuration(proxyBeanMethods = false)
@Import(SharedConfiguration.class)
@ComponentScan
public class PaymentConfiguration {
}
