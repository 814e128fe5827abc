package io.opsplane.console.ui.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.opsplane.console.ui.kit.ConsolePage;
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
 * Every count links to the saga list with the filter it counts. Its panels are the
 * {@link OverviewPanel} beans, so later features add theirs without changing this view.
 */
@Route(value = "", layout = MainLayout.class)
@Menu(order = 1, title = "Overview")
@PageTitle("Overview · Opsplane")
@RolesAllowed("VIEWER")
public class OverviewView extends ConsolePage {

    static final Duration REFRESH_EVERY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(OverviewView.class);

    private final List<Slot<?>> slots = new ArrayList<>();
    private final Span updated = new Span("Loading…");
    private ScheduledExecutorService refresher;

    public OverviewView(ObjectProvider<OverviewPanel<?>> panels) {
        HorizontalLayout header = header("Overview", updated, "overview-updated");

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
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("overview-refresh").factory());
        // panels read as the person looking (what they may see, what is masked for them)
        refresher.scheduleWithFixedDelay(new DelegatingSecurityContextRunnable(() -> refresh(ui),
                SecurityContextHolder.getContext()), 0, REFRESH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
        for (Slot<?> slot : slots) {
            try {
                updates.add(slot.read(now));
            } catch (RuntimeException e) {
                log.warn("Overview panel '{}' could not be read", slot.panel.title(), e);
                failed = true;
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                updates.add(() -> slot.failed(message));
            }
        }
        boolean anyFailed = failed;
        ui.access(() -> {
            updates.forEach(Runnable::run);
            updated.setText((anyFailed ? "Some panels could not be read; " : "")
                    + "updated " + UserTime.time(now) + " (" + UserTime.zoneName() + "), every "
                    + REFRESH_EVERY.toSeconds() + " s");
        });
    }

    /** One panel's card: its title and whatever it shows now. */
    private static final class Slot<T> {
        private final OverviewPanel<T> panel;
        private final Div card = new Div();
        private final Div body = new Div();

        Slot(OverviewPanel<T> panel) {
            this.panel = panel;
            card.addClassName("opsplane-card");
            if (panel.wide()) {
                card.addClassName("opsplane-wide");
            }
            body.add(Widgets.muted("Loading…"));
            card.add(new H3(panel.title()), body);
        }

        /** Reads now; answers what shows the reading, to run with the UI locked. */
        Runnable read(Instant now) {
            T data = panel.load(now);
            return () -> {
                Component shown = panel.render(data, now);
                body.removeAll();
                body.add(shown);
            };
        }

        void failed(String message) {
            body.removeAll();
            Div error = new Div("Could not read this: " + message + ". Trying again in "
                    + REFRESH_EVERY.toSeconds() + " s.");
            error.addClassName("opsplane-error");
            body.add(error);
        }
    }
}
