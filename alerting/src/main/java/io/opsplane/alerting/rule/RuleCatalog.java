package io.opsplane.alerting.rule;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.opsplane.alerting.web.AlertingProblems;
import io.opsplane.alerting.config.AlertingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every alert rule: those of the rules file (read once at start-up; a bad file stops start-up with
 * file and line) and those stored in PostgreSQL through the API, which every console instance sees.
 * Names are unique across both.
 */
@Component
public class RuleCatalog {

    /** Published after a stored rule was created, changed or deleted. */
    public record RulesChanged(String name) {
    }

    private static final Logger log = LoggerFactory.getLogger(RuleCatalog.class);

    private final List<AlertRule> fileRules;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RuleCatalog(AlertingProperties properties, ResourceLoader resources, JdbcTemplate jdbc,
                ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.fileRules = readFile(properties.rulesFile(), resources);
    }

    private static List<AlertRule> readFile(String location, ResourceLoader resources) {
        if (location == null || location.isBlank()) {
            return List.of();
        }
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new RuleException(location + ": the rules file (opsplane.alerting.rules-file) does not exist");
        }
        String source;
        try {
            source = resource.getFile().getPath();
        } catch (IOException | UnsupportedOperationException notAFile) {
            source = resource.getDescription();
        }
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            List<AlertRule> rules = RuleParser.parseFile(source, reader);
            log.info("Read {} alert rules from {}", rules.size(), source);
            return rules;
        } catch (IOException e) {
            throw new RuleException(source + ": cannot be read: " + e.getMessage());
        }
    }

    /** File rules first, then stored ones by name. */
    public List<AlertRule> all() {
        List<AlertRule> all = new ArrayList<>(fileRules);
        all.addAll(stored());
        return all;
    }

    public Optional<AlertRule> find(String name) {
        return fileRules.stream().filter(r -> r.name().equals(name)).findFirst().or(() -> storedRule(name));
    }

    public AlertRule create(String body) {
        AlertRule rule = parse(body);
        refuseFileRule(rule.name());
        Timestamp now = Timestamp.from(clock.instant());
        int inserted = jdbc.update("""
                INSERT INTO alert_rule (name, body, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO NOTHING""", rule.name(), body, now, now);
        if (inserted == 0) {
            throw new AlertingProblems.Conflict("a rule named '" + rule.name() + "' exists; change it with PUT");
        }
        events.publishEvent(new RulesChanged(rule.name()));
        return rule;
    }

    public AlertRule update(String name, String body) {
        refuseFileRule(name);
        AlertRule rule = parse(body);
        if (!rule.name().equals(name)) {
            throw new IllegalArgumentException("the body names rule '" + rule.name() + "' but the path names '"
                    + name + "'; a rule cannot be renamed (create the new one and delete the old)");
        }
        if (jdbc.update("UPDATE alert_rule SET body = ?, updated_at = ? WHERE name = ?", body,
                Timestamp.from(clock.instant()), name) == 0) {
            throw new AlertingProblems.NotFound("no stored rule named '" + name + "'");
        }
        events.publishEvent(new RulesChanged(name));
        return rule;
    }

    public void delete(String name) {
        refuseFileRule(name);
        if (jdbc.update("DELETE FROM alert_rule WHERE name = ?", name) == 0) {
            throw new AlertingProblems.NotFound("no stored rule named '" + name + "'");
        }
        events.publishEvent(new RulesChanged(name));
    }

    private void refuseFileRule(String name) {
        fileRules.stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(r -> {
            throw new AlertingProblems.Conflict("rule '" + name + "' is defined in the rules file (" + r.source()
                    + "): change it there");
        });
    }

    private static AlertRule parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request body must hold a rule (JSON)");
        }
        return RuleParser.parseOne("request body", body, "api");
    }

    private List<AlertRule> stored() {
        return jdbc.query("SELECT name, body FROM alert_rule ORDER BY name",
                        (rs, n) -> readStored(rs.getString(1), rs.getString(2))).stream()
                .flatMap(Optional::stream).sorted(Comparator.comparing(AlertRule::name)).toList();
    }

    private Optional<AlertRule> storedRule(String name) {
        return jdbc.query("SELECT name, body FROM alert_rule WHERE name = ?",
                (rs, n) -> readStored(rs.getString(1), rs.getString(2)), name).stream().flatMap(Optional::stream)
                .findFirst();
    }

    /** A stored rule was valid when stored; should a later version read it differently, it is skipped, loudly. */
    private static Optional<AlertRule> readStored(String name, String body) {
        try {
            return Optional.of(RuleParser.parseOne("stored rule '" + name + "'", body, "api"));
        } catch (RuleException e) {
            log.error("Skipping stored alert rule: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
