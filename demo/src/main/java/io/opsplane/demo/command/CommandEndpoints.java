package io.opsplane.demo.command;

import java.util.HashMap;
import java.util.Map;

import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.MessageDecoder;
import io.opsplane.demo.messaging.Subscription;
import io.opsplane.demo.messaging.Subscription.Subscriptions;
import io.opsplane.demo.messaging.Topics;
import io.opsplane.demo.messaging.UnreadableMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Commands arrive on the service's {@code <service>-commands} topic or, in the same envelope, by
 * {@code POST /commands} (a saga definition's {@code command: { url: … }}, or an operator with curl).
 */
@RestController
record CommandEndpoints(CommandProcessor processor, MessageDecoder decoder) {

    private static final Logger log = LoggerFactory.getLogger(CommandEndpoints.class);

    @Bean
    Subscriptions commandTopic(Topics topics, @Value("${demo.service}") String service) {
        return Subscriptions.of(new Subscription("commands", topics.commands(service), this::onCommand));
    }

    private void onCommand(ConsumerRecord<String, byte[]> record) {
        IncomingMessage command;
        try {
            command = decoder.decode(record);
            processor.process(command);
        } catch (UnreadableMessageException e) {
            log.warn("Skipping command {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        } catch (CommandNotApplicableException e) {
            log.warn("Not applying command {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @PostMapping(path = "/commands", consumes = {"application/cloudevents+json", "application/json"})
    CommandProcessor.Result post(@RequestBody byte[] body,
                                 @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Map<String, String> headers = new HashMap<>();
        if (idempotencyKey != null) {
            headers.put("idempotency-key", idempotencyKey);
        }
        try {
            return processor.process(decoder.decode("http", body, headers));
        } catch (UnreadableMessageException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (CommandNotApplicableException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
