package io.opsplane.support.kafka;

import java.nio.file.Path;

/** The configuration of a one-node Kafka (KRaft, broker and controller in one JVM) on the loopback. */
public final class SingleNodeKafka {

    private SingleNodeKafka() {
    }

    /**
     * {@code server.properties} for {@code kafka.Kafka}: clients on {@code port}, the controller on
     * {@code controllerPort}, logs under {@code logDirs}; a topic a client asks for is created only with
     * {@code autoCreateTopics} (Kafka's default is to create it).
     */
    public static String serverProperties(int port, int controllerPort, Path logDirs, int partitions,
                                          boolean autoCreateTopics) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=%4$d
                auto.create.topics.enable=%5$s
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, logDirs, partitions, autoCreateTopics);
    }
}
