package io.opsplane.console.bench;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsplane.alerting.evaluate.RuleEvaluator;
import io.opsplane.alerting.rule.AlertRule;
import io.opsplane.alerting.rule.RuleParser;
import io.opsplane.console.testing.OpsplaneInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 100 rules (stuck sagas by type, step and reason; failure ratios per type over 5 minutes to an hour)
 * evaluated once each over 1,000,000 sagas of which 10,000 are stuck, the way the scheduler runs them
 * (signal query, then alert state written): the time for all 100 must fit one 10 s interval.
 */
final class RuleEvaluationBenchmark {

    private static final int SAGAS = Integer.getInteger("bench.rules.sagas", 1_000_000);
    private static final int TYPES = 20;
    private static final int ROUNDS = 5;

    static void run() throws Exception {
        try (OpsplaneInstance opsplane = Benchmarks.sagaTableInstance("rulebench")) {
            JdbcTemplate db = opsplane.jdbc();
            System.out.printf("inserting %,d sagas of %d types over the last 24 h, 1%% stuck…%n", SAGAS, TYPES);
            Benchmarks.fillSagas(db, SAGAS, """
                    INSERT INTO saga_instance (saga_type, definition_version, correlation_key, status, current_step,
                        responsible_service, stuck_reason, stuck_since, started_at, last_progress_at, progress)
                    SELECT 'type-' || (g %% %d), 1, 'o-' || g,
                           CASE WHEN g %% 100 = 0 THEN 'STUCK' WHEN g %% 100 = 1 THEN 'COMPENSATED'
                                WHEN g %% 100 = 2 THEN 'RUNNING' ELSE 'COMPLETED' END,
                           CASE WHEN g %% 100 IN (0, 2) THEN (ARRAY['reserve-stock', 'charge-payment', 'confirm-order'])[g %% 3 + 1] END,
                           CASE WHEN g %% 100 IN (0, 2) THEN (ARRAY['inventory', 'payment', 'order'])[g %% 3 + 1] END,
                           CASE WHEN g %% 100 = 0 THEN (ARRAY['STEP_TIMEOUT', 'DEADLINE', 'FAILED_NOT_COMPENSATED'])[g %% 7 %% 3 + 1] END,
                           CASE WHEN g %% 100 = 0 THEN now() - (g %% 3600) * interval '1 second' END,
                           now() - (g * 86400.0 / %d) * interval '1 second', now(), '{}'
                    FROM generate_series(1, %d) g""".formatted(TYPES, SAGAS, SAGAS));
            System.out.println("plans:");
            plan(db, "stuck", """
                    SELECT saga_type, current_step, stuck_reason, count(*) FROM saga_instance
                    WHERE status = 'STUCK' AND saga_type = 'type-3' GROUP BY 1, 2, 3""");
            plan(db, "failure ratio", """
                    SELECT saga_type, count(*) FROM saga_instance
                    WHERE started_at >= now() - interval '1 hour' AND started_at <= now() GROUP BY 1""");

            List<AlertRule> rules = RuleParser.parseFile("benchmark rules", new StringReader(rules()));
            RuleEvaluator evaluator = opsplane.bean(RuleEvaluator.class);
            List<Double> rounds = new ArrayList<>();
            Map<String, Double> slowest = new TreeMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (AlertRule rule : rules) {
                    long t = System.nanoTime();
                    evaluator.evaluate(rule, Instant.now());
                    slowest.merge(rule.kind().id(), (System.nanoTime() - t) / 1e6, Math::max);
                }
                double ms = (System.nanoTime() - start) / 1e6;
                rounds.add(ms);
                System.out.printf("  round %d: %d rules in %.0f ms%n", round + 1, rules.size(), ms);
            }
            long firing = db.queryForObject("SELECT count(*) FROM alert WHERE state = 'firing'", Long.class);
            double[] figures = Benchmarks.medianWorstP99(rounds);
            System.out.printf("RESULT rule evaluation: %d rules over %,d sagas: median %.0f ms, worst %.0f ms per round "
                            + "(target: within one 10 s interval); slowest single rule by kind %s; %d alerts firing%n",
                    rules.size(), SAGAS, figures[0], figures[1],
                    slowest.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                            .map(e -> e.getKey() + " " + Math.round(e.getValue()) + " ms").toList(), firing);
        }
    }

    private static void plan(JdbcTemplate db, String what, String sql) {
        List<String> lines = db.queryForList("EXPLAIN " + sql, String.class);
        System.out.printf("  %s: %s%n", what, String.join(" | ", lines.stream().map(String::trim)
                .filter(l -> l.contains("Scan")).toList()));
    }

    /** 50 stuck rules (every type; a type at one step; a reason anywhere) and 50 failure ratios per type. */
    private static String rules() {
        StringBuilder yaml = new StringBuilder("rules:\n");
        String[] steps = {"reserve-stock", "charge-payment", "confirm-order"};
        String[] reasons = {"STEP_TIMEOUT", "DEADLINE", "FAILED_NOT_COMPENSATED"};
        for (int i = 0; i < 50; i++) {
            yaml.append("  - name: Stuck").append(i).append("\n    kind: saga-stuck\n    threshold: ")
                    .append(1 + i % 5 * 50).append('\n');
            if (i % 2 == 0) {
                yaml.append("    sagaType: type-").append(i % TYPES).append('\n');
            }
            if (i % 3 == 0) {
                yaml.append("    step: ").append(steps[i % 3 == 0 ? i / 3 % 3 : 0]).append('\n');
            }
            if (i % 5 == 0) {
                yaml.append("    reason: ").append(reasons[i / 5 % 3]).append('\n');
            }
        }
        String[] windows = {"5m", "15m", "1h"};
        for (int i = 0; i < 50; i++) {
            yaml.append("  - name: Failing").append(i).append("\n    kind: saga-failure-ratio\n    window: ")
                    .append(windows[i % 3]).append("\n    threshold: 0.005\n");
            if (i % 5 != 0) {
                yaml.append("    sagaType: type-").append(i % TYPES).append('\n');
            }
        }
        return yaml.toString();
    }
}
