package io.opsplane.demo.command;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opsplane.demo.messaging.IncomingMessage;
import io.opsplane.demo.messaging.UnreadableMessageException;
import io.opsplane.demo.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies commands once per idempotency key: the key is recorded in the same transaction as the
 * command's effects and its outcome event. The same key again applies nothing and publishes the
 * first outcome again, identical (same event id), so a sender that missed the answer gets it.
 */
@Component
public class CommandProcessor {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final Map<String, CommandHandler> handlers;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Outbox outbox;

    CommandProcessor(List<CommandHandler> handlers, JdbcTemplate jdbc, TransactionTemplate transaction, Outbox outbox) {
        this.handlers = handlers.stream().collect(Collectors.toMap(CommandHandler::type, Function.identity()));
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.outbox = outbox;
    }

    /** What came of a command: applied now, or answered again from an earlier application. */
    public record Result(String command, String idempotencyKey, boolean applied, String outcomeType,
                         String outcomeEventId, String outcomeTopic) {
    }

    public List<String> types() {
        return handlers.keySet().stream().sorted().toList();
    }

    public Result process(IncomingMessage command) {
        CommandHandler handler = handlers.get(command.type());
        if (handler == null) {
            throw new UnreadableMessageException("this service takes no command '" + command.type() + "' (it takes "
                    + String.join(", ", types()) + ")");
        }
        String key = command.idempotencyKey();
        return transaction.execute(status -> {
            // a concurrent holder of the same key makes this wait, then see the key taken
            boolean first = jdbc.update("""
                    INSERT INTO applied_command (idempotency_key, command_type, command_id) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""", key, command.type(), command.id()) == 1;
            long outcomeId;
            if (first) {
                String replyTopic = command.replyTo() != null ? command.replyTo() : handler.defaultReplyTopic();
                outcomeId = handler.apply(command, replyTopic);
                jdbc.update("UPDATE applied_command SET outcome_outbox_id = ? WHERE idempotency_key = ?", outcomeId, key);
                log.info("Applied {} {} (idempotency key {})", command.type(), command.data(), key);
            } else {
                Map<String, Object> earlier = jdbc.queryForMap(
                        "SELECT command_type, outcome_outbox_id FROM applied_command WHERE idempotency_key = ?", key);
                if (!command.type().equals(earlier.get("command_type"))) {
                    log.warn("Idempotency key {} was used for {} before; {} {} is not applied", key,
                            earlier.get("command_type"), command.type(), command.id());
                }
                outcomeId = outbox.repeat(((Number) earlier.get("outcome_outbox_id")).longValue());
                log.info("{} with idempotency key {} was applied before: answering again", command.type(), key);
            }
            Map<String, Object> outcome = outbox.describe(outcomeId);
            return new Result(command.type(), key, first, (String) outcome.get("type"), (String) outcome.get("eventId"),
                    (String) outcome.get("topic"));
        });
    }
}
