package io.opsplane.demo.fault;

import java.util.Map;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code POST /faults/stop}: the service stops consuming Kafka (its listeners pause; HTTP still
 * answers), as if it had died for the sagas. {@code DELETE /faults/stop} resumes from the
 * committed offsets: nothing published meanwhile is lost.
 */
@Component
class StopConsuming implements FaultSwitch {

    private final KafkaListenerEndpointRegistry listeners;
    private volatile boolean stopped;

    StopConsuming(KafkaListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public String description() {
        return "stop consuming events and commands (DELETE resumes where it stopped)";
    }

    @Override
    public void on(Map<String, String> parameters) {
        stopped = true;
        listeners.getListenerContainers().forEach(container -> container.pause());
    }

    @Override
    public void off() {
        stopped = false;
        listeners.getListenerContainers().forEach(container -> container.resume());
    }

    @Override
    public String state() {
        return stopped ? "not consuming" : null;
    }
}
