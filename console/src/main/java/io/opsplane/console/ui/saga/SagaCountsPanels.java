package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.NativeTable;
import io.opsplane.console.definition.SagaDefinition;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.saga.SagaCounts;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.saga.StuckReason;
import io.opsplane.console.ui.kit.TitledPart;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.OverviewPanel;
import io.opsplane.console.ui.shell.OverviewScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The overview's saga counts: by type and status, and the stuck ones by reason and by responsible
 * service. Both panels read one {@link SagaQueries#counts()} that every open overview shares for a
 * few seconds, so ten open tabs do not mean ten scans.
 */
@Configuration
class SagaCountsPanels {

    /** How long one reading of the counts serves every overview. */
    private static final Duration SHARED_FOR = Duration.ofSeconds(4);

    private final SagaQueries sagas;
    private final SagaDefinitions definitions;
    private volatile Reading last;

    private record Reading(SagaCounts counts, Instant at) {
    }

    SagaCountsPanels(SagaQueries sagas, SagaDefinitions definitions) {
        this.sagas = sagas;
        this.definitions = definitions;
    }

    /**
     * The counts of the saga types in {@code scope}: those with a step whose responsible service runs in the chosen
     * namespace/environment (a saga crosses services, so a type is counted whole wherever one of its steps runs).
     */
    private SagaCounts counts(Instant now, OverviewScope scope) {
        SagaCounts all = counts(now);
        if (scope.everything()) {
            return all;
        }
        Set<String> types = definitions.all().stream()
                .filter(d -> d.steps().stream().anyMatch(step -> scope.includes(step.service())))
                .map(SagaDefinition::type).collect(Collectors.toSet());
        List<SagaCounts.Stuck> stuck = sagas.stuckCounts().stream().filter(row -> types.contains(row.type())).toList();
        return new SagaCounts(all.byTypeAndStatus().stream().filter(row -> types.contains(row.type())).toList(),
                byValue(stuck, row -> row.reason() == null ? null : row.reason().name()),
                byValue(stuck, row -> row.service() == null ? SagaQueries.NO_SERVICE : row.service()),
                stuck.stream().collect(Collectors.groupingBy(row -> Arrays.asList(row.type(), row.step()),
                                LinkedHashMap::new, Collectors.summingLong(SagaCounts.Stuck::count)))
                        .entrySet().stream().map(e -> new SagaCounts.ByTypeAndStep(e.getKey().get(0),
                                e.getKey().get(1), e.getValue()))
                        .sorted(Comparator.comparingLong(SagaCounts.ByTypeAndStep::count).reversed()).toList());
    }

    /** Summed by one value, most first, as {@link SagaQueries#counts()} orders them; rows without a value left out. */
    private static List<SagaCounts.ByValue> byValue(List<SagaCounts.Stuck> rows,
                                                    java.util.function.Function<SagaCounts.Stuck, String> value) {
        Map<String, Long> sums = new TreeMap<>();
        rows.stream().filter(row -> value.apply(row) != null)
                .forEach(row -> sums.merge(value.apply(row), row.count(), Long::sum));
        return sums.entrySet().stream().map(e -> new SagaCounts.ByValue(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(SagaCounts.ByValue::count).reversed()).toList();
    }

    private SagaCounts counts(Instant now) {
        Reading reading = last;
        if (reading == null || reading.at().plus(SHARED_FOR).isBefore(now)) {
            synchronized (this) {
                reading = last;
                if (reading == null || reading.at().plus(SHARED_FOR).isBefore(now)) {
                    reading = new Reading(sagas.counts(), now);
                    last = reading;
                }
            }
        }
        return reading.counts();
    }

    /** A panel of the shared, scoped counts; each shows its own part of them. */
    private abstract class CountsPanel extends TitledPart implements OverviewPanel<SagaCounts> {

        CountsPanel(String titleKey) {
            super(titleKey);
        }

        @Override
        public SagaCounts load(Instant now) {
            return counts(now);
        }

        @Override
        public boolean scoped() {
            return true;
        }

        @Override
        public SagaCounts load(Instant now, OverviewScope scope) {
            return counts(now, scope);
        }
    }

    @Bean
    @Order(10)
    OverviewPanel<SagaCounts> sagasByTypeAndStatus() {
        return new CountsPanel("counts.byType.title") {
            @Override
            public boolean wide() {
                return true;
            }

            @Override
            public Component render(SagaCounts counts, Instant now) {
                if (counts.byTypeAndStatus().isEmpty()) {
                    return Widgets.muted(t("counts.none"));
                }
                Map<String, Map<SagaStatus, Long>> byType = new TreeMap<>();
                counts.byTypeAndStatus().forEach(c ->
                        byType.computeIfAbsent(c.type(), t -> new LinkedHashMap<>()).put(c.status(), c.count()));
                String[] headers = new String[SagaStatus.values().length + 1];
                headers[0] = t("counts.column.type");
                for (SagaStatus status : SagaStatus.values()) {
                    headers[status.ordinal() + 1] = Widgets.statusText(status);
                }
                NativeTable table = Widgets.table(headers);
                for (int i = 1; i < headers.length; i++) {
                    table.getHead().getRow(0).orElseThrow().getHeaderCell(i).orElseThrow().addClassName("number");
                }
                byType.forEach((type, byStatus) -> {
                    Object[] cells = new Object[headers.length];
                    cells[0] = SagaLinks.listLink(type, filter(type, null));
                    for (SagaStatus status : SagaStatus.values()) {
                        Long count = byStatus.get(status);
                        cells[status.ordinal() + 1] = count == null ? "" : SagaLinks.countLink(count, filter(type, status));
                    }
                    Widgets.row(table, cells);
                });
                return table;
            }
        };
    }

    @Bean
    @Order(20)
    OverviewPanel<SagaCounts> stuckSagas() {
        return new CountsPanel("counts.stuck.title") {
            @Override
            public Component render(SagaCounts counts, Instant now) {
                if (counts.stuckByReason().isEmpty()) {
                    return Widgets.muted(t("counts.stuck.none"));
                }
                NativeTable byReason = Widgets.table(t("counts.column.reason"), t("counts.column.sagas"));
                for (SagaCounts.ByValue reason : counts.stuckByReason()) {
                    StuckReason value = StuckReason.valueOf(reason.value());
                    Widgets.row(byReason, Widgets.status(value),
                            SagaLinks.countLink(reason.count(), stuck(value, null)));
                }
                NativeTable byService = Widgets.table(t("counts.column.service"), t("counts.column.sagas"));
                for (SagaCounts.ByValue service : counts.stuckByService()) {
                    boolean none = SagaQueries.NO_SERVICE.equals(service.value());
                    // a saga stuck with no step waiting (failed, not compensated) has no service to filter by
                    Widgets.row(byService, service.value(), none ? Widgets.number(service.count())
                            : SagaLinks.countLink(service.count(), stuck(null, service.value())));
                }
                NativeTable byStep = Widgets.table(t("counts.column.type"), t("counts.column.step"), t("counts.column.sagas"));
                byStep.setId("stuck-by-step");
                for (SagaCounts.ByTypeAndStep step : counts.stuckByStep()) {
                    // a saga stuck waiting on no step (its own compensated event, say) cannot be filtered by step
                    Widgets.row(byStep, step.type(), step.step() == null ? t("counts.noStep") : step.step(),
                            step.step() == null ? Widgets.number(step.count()) : SagaLinks.countLink(step.count(),
                                    filter(step.type(), SagaStatus.STUCK).withStep(step.step())));
                }
                Div all = new Div(new H4(t("counts.stuck.byReason")), byReason, new H4(t("counts.stuck.byService")),
                        byService, new H4(t("counts.stuck.byStep")), byStep);
                all.setWidthFull();
                return all;
            }
        };
    }

    private static SagaFilter filter(String type, SagaStatus status) {
        return new SagaFilter(type, status, null, null, null, null, null, null, null, null, null, null);
    }

    private static SagaFilter stuck(StuckReason reason, String service) {
        return new SagaFilter(null, SagaStatus.STUCK, reason, service, null, null, null, null, null, null, null, null);
    }
}
