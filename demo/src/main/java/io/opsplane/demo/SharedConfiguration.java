package io.opsplane.demo;

import io.opsplane.demo.command.CommandProcessor;
import io.opsplane.demo.fault.FaultSwitch;
import io.opsplane.demo.messaging.Topics;
import io.opsplane.demo.outbox.Outbox;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** What every service has: messaging, the outbox, command handling and fault switches. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = {Topics.class, Outbox.class, CommandProcessor.class, FaultSwitch.class})
public class SharedConfiguration {
}
