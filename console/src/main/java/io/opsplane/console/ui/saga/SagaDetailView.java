package io.opsplane.console.ui.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import io.opsplane.console.ingest.IngestProgress.ReadHorizon;
import io.opsplane.console.saga.SagaDetail;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.SecurityProperties;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.stuck.StuckScanner;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.beans.factory.ObjectProvider;

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

/**
 * One saga at {@code /sagas/{id}} (the id of {@code GET /api/sagas/{id}}): its state, what it
 * waits for, who is responsible and for how long against the step's timeout, then its
 * {@link SagaDetailSection}s (steps, events, and whatever later features add).
 */
@Route(value = SagaListView.PATH + "/:id", layout = MainLayout.class)
@RolesAllowed("VIEWER")
public class SagaDetailView extends ConsolePage implements BeforeEnterObserver {

    private final SagaQueries sagas;
    private final Masking masking;
    private final SecurityProperties security;
    private final List<SagaDetailSection> sections;
    private final StuckScanner stuckScan;

    public SagaDetailView(SagaQueries sagas, Masking masking, SecurityProperties security,
                          ObjectProvider<SagaDetailSection> sections, StuckScanner stuckScan) {
        super("saga.heading");
        setPageTitle(t("saga.pageTitle"));
        this.sagas = sagas;
        this.masking = masking;
        this.security = security;
        this.sections = sections.orderedStream().toList();
        this.stuckScan = stuckScan;
    }

    /** "sagas/42": the saga's address in the console. */
    public static String location(long id) {
        return SagaListView.PATH + "/" + id;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        Optional<Long> id = event.getRouteParameters().get("id").flatMap(SagaDetailView::number);
        if (id.isEmpty()) {
            showProblem(t("saga.problem.notAnId", event.getRouteParameters().get("id").orElse("")));
            return;
        }
        Optional<SagaDetail> found;
        try {
            found = sagas.find(id.get());
        } catch (RuntimeException e) {
            showProblem(t("saga.problem.read", String.valueOf(id.get()), message(e)));
            return;
        }
        if (found.isEmpty()) {
            showProblem(t("saga.problem.none", String.valueOf(id.get())));
            return;
        }
        boolean masked = masking.appliesToCurrentUser();
        SagaDetail saga = masking.forCurrentUser(found.get());
        show(saga, masked, Instant.now());
    }

    private void show(SagaDetail detail, boolean masked, Instant now) {
        SagaSummary saga = detail.saga();
        setPageTitle(t("saga.pageTitle.of", saga.correlationKey(), saga.type()));

        H2 heading = new H2(saga.correlationKey());
        heading.addClassName("m-0");
        heading.setId("saga-title");
        Span status = Widgets.status(saga.status());
        status.setId("saga-status");
        HorizontalLayout header = new HorizontalLayout(heading, status, new Span(t("saga.typeVersion", saga.type(),
                String.valueOf(saga.definitionVersion()))), SagaLinks.listLink(t("saga.allOfType", saga.type()),
                new SagaFilter(saga.type(), null, null, null, null, null, null, null, null, null, null, null)));
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header);

        Component waiting = waiting(detail, now);
        if (waiting != null) {
            add(waiting);
        }
        add(facts(saga, now));
        if (masked) {
            add(Widgets.muted(t("saga.masked", String.join(", ", security.maskedFields()))));
        }
        for (SagaDetailSection section : sections) {
            Component body = section.render(detail, now);
            if (body != null) {
                Div card = new Div(new H3(section.title()), body);
                card.addClassName("opsplane-card");
                card.setWidthFull();
                add(card);
            }
        }
    }

    /** What the saga waits for, from whom, and how long it has waited against the step's timeout. */
    private Component waiting(SagaDetail detail, Instant now) {
        SagaSummary saga = detail.saga();
        if (saga.status().terminal() || saga.currentStep() == null) {
            return null;
        }
        SagaDetail.Step step = detail.steps().stream().filter(s -> s.name().equals(saga.currentStep())).findFirst()
                .orElse(null);
        Div card = new Div();
        card.addClassNames("opsplane-card", "opsplane-waiting");
        card.setId("saga-waiting");
        card.setWidthFull();
        card.add(new H3(saga.nextEvent() == null ? t("saga.waiting.nextEvent") : t("saga.waiting.for", saga.nextEvent())));
        card.add(new Paragraph(t("saga.waiting.step", saga.currentStep(),
                saga.responsibleService() == null ? t("saga.waiting.noService") : saga.responsibleService())));
        if (step != null && step.timeout() != null) {
            Duration waited = Duration.between(waitingSince(saga, step), now);
            boolean overdue = waited.compareTo(step.timeout()) > 0;
            ProgressBar bar = new ProgressBar(0, 1, Math.min(1.0, (double) waited.toMillis()
                    / Math.max(1, step.timeout().toMillis())));
            bar.addThemeVariants(overdue ? ProgressBarVariant.LUMO_ERROR : ProgressBarVariant.LUMO_CONTRAST);
            bar.getElement().setAttribute("aria-label", t("saga.waiting.bar"));
            Span text = new Span(overdue ? t("saga.waiting.overdue", UserTime.duration(waited),
                    UserTime.duration(step.timeout()), UserTime.duration(waited.minus(step.timeout())))
                    : t("saga.waiting.waited", UserTime.duration(waited), UserTime.duration(step.timeout())));
            if (overdue) {
                card.addClassName("overdue");
            }
            card.add(text, bar);
            if (overdue && saga.stuckReason() == null) {
                heldForIngest(waitingSince(saga, step).plus(step.timeout()), now).ifPresent(card::add);
            }
        }
        if (saga.stuckReason() != null) {
            Span stuck = new Span(t("saga.stuckSince", t("stuckReason." + saga.stuckReason().name()),
                    UserTime.format(saga.stuckSince()), UserTime.relative(saga.stuckSince(), now)));
            stuck.addClassName("opsplane-error");
            card.add(new Div(stuck));
        }
        return card;
    }

    /**
     * Why an overdue saga is not marked stuck yet, when that is because ingest is still reading a backlog in which
     * the saga may have moved on.
     */
    private Optional<Component> heldForIngest(Instant due, Instant now) {
        ReadHorizon horizon = stuckScan.horizon(now);
        if (horizon.heldBy() == null || !horizon.upTo().isBefore(due)) {
            return Optional.empty();
        }
        Span held = new Span(horizon.heldByUnread() ? t("saga.waiting.heldForUnread", horizon.heldBy())
                : t("saga.waiting.heldForIngest", UserTime.format(horizon.upTo()), horizon.heldBy()));
        held.setId("saga-held-for-ingest");
        return Optional.of(new Div(held));
    }

    /** When the saga began to wait on {@code step}: its deadline less its timeout, or the last progress. */
    static Instant waitingSince(SagaSummary saga, SagaDetail.Step step) {
        if (saga.stepDeadline() != null && step.timeout() != null) {
            return saga.stepDeadline().minus(step.timeout());
        }
        return saga.lastProgressAt();
    }

    private static Component facts(SagaSummary saga, Instant now) {
        Div facts = new Div();
        facts.addClassName("opsplane-keys");
        facts.setWidthFull();
        facts.add(line(t("saga.fact.businessKeys"), saga.businessKeys().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        facts.add(line(t("saga.fact.started"), t("saga.fact.when", UserTime.format(saga.startedAt()), UserTime.relative(saga.startedAt(), now))));
        facts.add(line(t("saga.fact.lastProgress"), t("saga.fact.when", UserTime.format(saga.lastProgressAt()),
                UserTime.relative(saga.lastProgressAt(), now))));
        if (saga.endedAt() != null) {
            facts.add(line(t("saga.fact.ended"), UserTime.format(saga.endedAt())));
        } else if (saga.sagaDeadline() != null) {
            facts.add(line(t("saga.fact.deadline"), t("saga.fact.when", UserTime.format(saga.sagaDeadline()),
                    UserTime.relative(saga.sagaDeadline(), now))));
        }
        facts.add(line(t("saga.fact.traceIds"), saga.traceIds().isEmpty() ? t("saga.fact.none") : String.join(", ", saga.traceIds())));
        facts.add(line(t("saga.fact.events"), String.valueOf(saga.eventCount())));
        facts.add(line(t("saga.fact.zone"), UserTime.zoneName()));
        return facts;
    }

    private static Div line(String label, String value) {
        Span name = new Span(t("saga.fact.label", label));
        name.addClassName("opsplane-muted");
        return new Div(name, new Span(value));
    }

    private void showProblem(String message) {
        setPageTitle(t("saga.pageTitle.notFound"));
        Paragraph problem = new Paragraph(message);
        problem.addClassName("opsplane-error");
        problem.setId("saga-problem");
        add(new H2(title()), problem, new Anchor(SagaListView.PATH, t("saga.allSagas")));
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
