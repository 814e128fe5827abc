package io.opsplane.console.ui.shell;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import io.opsplane.console.telemetry.trace.Deployment;
import io.opsplane.console.telemetry.trace.Traces;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.Messages;
import io.opsplane.console.ui.kit.QueryReader;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import jakarta.annotation.security.RolesAllowed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The start page for whoever is on call: saga counts, the stuck ones by reason and by responsible
 * service, activity over time and recent dead letters, refreshed by itself through server push.
 * Every count links to the saga list with the filter it counts. It can be narrowed to a namespace and environment
 * ({@code /?namespace=shop&environment=prod}, from the {@code service.namespace} and
 * {@code deployment.environment[.name]} resource attributes of the spans received): the service figures count that
 * deployment's spans, the saga figures the saga types with a step whose responsible service sent spans from there in
 * the last hour; other panels say they show everything. Its panels are the
 * {@link OverviewPanel} beans, so later features add theirs without changing this view.
 */
@Route(value = "", layout = MainLayout.class)
@Menu(order = 1, title = "Overview")
@RolesAllowed("VIEWER")
public class OverviewView extends ConsolePage implements BeforeEnterObserver {

    static final Duration REFRESH_EVERY = Duration.ofSeconds(10);
    /** How far back spans tell which services run in a namespace/environment: those that sent any in the last hour. */
    static final Duration SCOPE_LOOKBACK = Duration.ofHours(1);
    /** How far back spans offer namespaces and environments to choose from. */
    static final Duration CHOICES_LOOKBACK = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(OverviewView.class);

    private final List<Slot<?>> slots = new ArrayList<>();
    private final Span updated = new Span(t("overview.loading"));
    private final Traces traces;
    private final ComboBox<String> namespace = new ComboBox<>(t("overview.namespace"));
    private final ComboBox<String> environment = new ComboBox<>(t("overview.environment"));
    /** What the overview is narrowed to: from the URL ({@code ?namespace=shop&environment=prod}) or the two fields. */
    private volatile Deployment deployment = Deployment.ANY;
    private boolean filling;
    private List<String> namespaceChoices = List.of();
    private List<String> environmentChoices = List.of();
    private ScheduledExecutorService refresher;
    private Runnable refresh;

    public OverviewView(ObjectProvider<OverviewPanel<?>> panels, Traces traces) {
        super("overview.title");
        this.traces = traces;
        HorizontalLayout header = header(updated, "overview-updated");
        // service.namespace and deployment.environment(.name) of the spans received: the service figures count the
        // spans of that namespace/environment, the saga figures the types whose steps' services run there
        for (ComboBox<String> field : List.of(namespace, environment)) {
            field.setClearButtonVisible(true);
            field.setAllowCustomValue(true);
            field.setPlaceholder(t("overview.any"));
            field.setItems(List.of());
            field.addCustomValueSetListener(e -> {
                List<String> choices = field == namespace ? namespaceChoices : environmentChoices;
                // the value change that follows narrows the overview
                offer(field, choices, e.getDetail());
            });
            field.addValueChangeListener(e -> {
                if (!filling) {
                    narrow(new Deployment(namespace.getValue(), environment.getValue()));
                }
            });
        }
        namespace.setId("overview-namespace");
        namespace.setTooltipText(t("overview.namespace.tooltip"));
        environment.setId("overview-environment");
        environment.setTooltipText(t("overview.environment.tooltip"));
        header.add(namespace, environment);

        Div grid = new Div();
        grid.addClassName("opsplane-grid");
        panels.orderedStream().forEach(panel -> {
            Slot<?> slot = new Slot<>(panel);
            slots.add(slot);
            grid.add(slot.card);
        });
        add(header, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryReader read = new QueryReader(event.getLocation().getQueryParameters());
        deployment = new Deployment(read.text("namespace"), read.text("environment"));
        readChoices();
        filling = true;
        try {
            offer(namespace, namespaceChoices, deployment.namespace());
            offer(environment, environmentChoices, deployment.environment());
        } finally {
            filling = false;
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("overview-refresh").factory());
        // panels read as the person looking (what they may see, what is masked for them), in the page's language
        Locale language = Messages.locale();
        refresh = new DelegatingSecurityContextRunnable(() -> Messages.speaking(language, () -> refresh(ui)),
                SecurityContextHolder.getContext());
        refresher.scheduleWithFixedDelay(refresh, 0, REFRESH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The namespaces and environments the spans of the last day name; none when the search cluster is away. Read
     * while the page opens (two small aggregations), so the fields offer them from the start.
     */
    private void readChoices() {
        Instant now = Instant.now();
        try {
            namespaceChoices = traces.namespaces(now.minus(CHOICES_LOOKBACK), now);
            environmentChoices = traces.environments(now.minus(CHOICES_LOOKBACK), now);
        } catch (RuntimeException e) {
            log.debug("No namespaces or environments to offer", e);
        }
    }

    /** Offers {@code choices} and shows {@code value}, offered too when no span names it now (a link may). */
    private static void offer(ComboBox<String> field, List<String> choices, String value) {
        List<String> items = new ArrayList<>(choices);
        if (value != null && !items.contains(value)) {
            items.add(value);
        }
        field.setItems(items);
        field.setValue(value);
    }

    /** Narrows the overview, puts the choice into the address bar, and reads the panels again at once. */
    private void narrow(Deployment chosen) {
        deployment = chosen;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("namespace", chosen.namespace());
        parameters.put("environment", chosen.environment());
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, QueryReader.location("", parameters)));
        if (refresher != null && refresh != null) {
            refresher.execute(refresh);
        }
    }

    /** The scope the panels read within: the services that sent spans of the chosen namespace/environment lately. */
    OverviewScope scope(Instant now) {
        return scope(now, deployment);
    }

    OverviewScope scope(Instant now, Deployment chosen) {
        if (chosen.any()) {
            return OverviewScope.EVERYTHING;
        }
        return new OverviewScope(chosen, traces.servicesIn(chosen, now.minus(SCOPE_LOOKBACK), now));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        refresher.shutdownNow();
    }

    /** Reads every panel off the UI thread, then shows them all at once. */
    private void refresh(UI ui) {
        Instant now = Instant.now();
        List<Runnable> updates = new ArrayList<>();
        boolean failed = false;
        OverviewScope scope;
        // read off the UI thread: worded in the page's language inside ui.access
        String scopeProblem = null;
        try {
            scope = scope(now);
        } catch (RuntimeException e) {
            // without telemetry nothing says which services run there: the scoped panels show nothing rather than all
            log.warn("The services of {} could not be read", deployment.inWords(), e);
            scope = new OverviewScope(deployment, java.util.Set.of());
            scopeProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        for (Slot<?> slot : slots) {
            try {
                updates.add(slot.read(now, scope));
            } catch (RuntimeException e) {
                log.warn("Overview panel '{}' could not be read", slot.panel.title(), e);
                failed = true;
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                updates.add(() -> slot.failed(message));
            }
        }
        boolean anyFailed = failed;
        String problem = scopeProblem;
        Deployment read = scope.deployment();
        ui.access(() -> {
            updates.forEach(Runnable::run);
            String status = t(anyFailed ? "overview.updated.someFailed" : "overview.updated", UserTime.time(now),
                    UserTime.zoneName(), REFRESH_EVERY.toSeconds());
            updated.setText(problem == null ? status : t("overview.scopeProblem", inWords(read), problem, status));
        });
    }

    /** "namespace shop, environment prod", in the page's language. */
    private static String inWords(Deployment deployment) {
        if (deployment.any()) {
            return t("overview.everything");
        }
        if (deployment.namespace() != null && deployment.environment() != null) {
            return t("overview.deployment.both", deployment.namespace(), deployment.environment());
        }
        return deployment.namespace() != null ? t("overview.deployment.namespace", deployment.namespace())
                : t("overview.deployment.environment", deployment.environment());
    }

    /** One panel's card: its title and whatever it shows now. */
    private static final class Slot<T> {
        private final OverviewPanel<T> panel;
        private final Div card = new Div();
        private final Div body = new Div();
        /** Said while the overview is narrowed, on a panel that shows everything regardless. */
        private final Span unscoped = new Span(t("overview.everything"));

        Slot(OverviewPanel<T> panel) {
            this.panel = panel;
            card.addClassName("opsplane-card");
            if (panel.wide()) {
                card.addClassName("opsplane-wide");
            }
            body.add(Widgets.muted(t("overview.loading")));
            unscoped.addClassName("opsplane-muted");
            unscoped.setVisible(false);
            card.add(new H3(panel.title()), unscoped, body);
        }

        /** Reads now; answers what shows the reading, to run with the UI locked. */
        Runnable read(Instant now, OverviewScope scope) {
            T data = panel.load(now, scope);
            boolean everything = !scope.everything() && !panel.scoped();
            return () -> {
                unscoped.setVisible(everything);
                Component shown = panel.render(data, now);
                body.removeAll();
                body.add(shown);
            };
        }

        void failed(String message) {
            body.removeAll();
            Div error = new Div(t("overview.panelFailed", message, REFRESH_EVERY.toSeconds()));
            error.addClassName("opsplane-error");
            body.add(error);
        }
    }
}
