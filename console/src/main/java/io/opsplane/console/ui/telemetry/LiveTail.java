package io.opsplane.console.ui.telemetry;

import static io.opsplane.console.ui.kit.Messages.t;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.telemetry.log.LogEntry;
import io.opsplane.console.telemetry.log.LogPage;
import io.opsplane.console.telemetry.log.LogSearch;
import io.opsplane.console.ui.kit.UserTime;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Live tail for the log search: while on, asks every {@link #EVERY} for the lines newer than the newest shown and
 * puts them at the top of the lines, without searching again. Lines of exactly the newest time already shown are
 * remembered, so a poll neither repeats nor loses them; the tail keeps at most {@link #KEPT} of its own lines, so
 * a tail left on for hours stays light. Polls run off the UI thread and stop when the page goes.
 */
final class LiveTail extends HorizontalLayout {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final int KEPT = 1000;

    /** The newest record time shown, and the records of exactly that time (the next poll sees them again). */
    record Mark(Instant time, Set<String> shownAtTime) {
    }

    private final LogSearch logs;
    private final Masking masking;
    private final Div lines;
    private final Function<List<LogEntry>, Map<String, List<SagaSummary>>> sagasOf;
    private final Checkbox live = new Checkbox(t("logs.tail"));
    private final Span state = new Span();
    private final Deque<Div> tailLines = new ArrayDeque<>();
    /** Written with the UI locked, read by the poller. */
    private volatile Mark mark;
    private volatile LogSearchQuery query;
    private ScheduledExecutorService poller;

    /** {@code lines}: where new lines go, at the top; {@code sagasOf}: the sagas of lines' traces, for their links. */
    LiveTail(LogSearch logs, Masking masking, Div lines, Function<List<LogEntry>, Map<String, List<SagaSummary>>> sagasOf) {
        this.logs = logs;
        this.masking = masking;
        this.lines = lines;
        this.sagasOf = sagasOf;
        live.setId("live-tail");
        live.addValueChangeListener(e -> {
            if (e.getValue()) {
                start();
            } else {
                stop();
            }
        });
        state.addClassName("opsplane-muted");
        state.setId("tail-state");
        add(live, state);
        setAlignItems(FlexComponent.Alignment.BASELINE);
    }

    /** A new search is shown: the tail forgets what it had and, when on, follows {@code searched} from its results. */
    void follow(LogSearchQuery searched, List<LogEntry> newestFirst, boolean fromNow) {
        stop();
        query = searched;
        tailLines.clear();
        mark = null;
        if (!newestFirst.isEmpty() && !fromNow) {
            remember(newestFirst.getFirst().timestamp(), newestFirst);
        }
        if (live.getValue()) {
            start();
        }
    }

    /** The search failed: nothing to follow; a search the user got wrong cannot be followed either. */
    void cannotFollow(boolean badSearch) {
        stop();
        query = null;
        live.setEnabled(!badSearch);
    }

    @Override
    public void setEnabled(boolean enabled) {
        live.setEnabled(enabled);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stop();
    }

    private void remember(Instant time, List<LogEntry> entries) {
        Mark current = mark;
        if (current != null && time.isBefore(current.time())) {
            return;
        }
        Set<String> keys = current == null || time.isAfter(current.time()) ? new HashSet<>()
                : new HashSet<>(current.shownAtTime());
        for (LogEntry entry : entries) {
            if (entry.timestamp().equals(time)) {
                keys.add(LogLines.key(entry));
            }
        }
        mark = new Mark(time, Set.copyOf(keys));
    }

    private void start() {
        stop();
        UI ui = UI.getCurrent();
        LogSearchQuery following = query;
        if (ui == null || following == null) {
            return;
        }
        if (mark == null) {
            mark = new Mark(Instant.now(), Set.of());
        }
        state.setText(t("logs.tail.starting", EVERY.toSeconds()));
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("log-tail").factory());
        poller.scheduleWithFixedDelay(new DelegatingSecurityContextRunnable(() -> poll(ui, following),
                SecurityContextHolder.getContext()), EVERY.toMillis(), EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        state.setText("");
    }

    /** One poll, off the UI thread: the lines since the newest shown, oldest first, then shown at the top. */
    private void poll(UI ui, LogSearchQuery following) {
        Mark since = mark;
        List<LogEntry> fresh;
        Map<String, List<SagaSummary>> sagas;
        try {
            LogPage page = masking.forCurrentUser(logs.search(following.since(since.time()), true, null, LogSearch.MAX_PAGE));
            fresh = page.items().stream().filter(entry -> !since.shownAtTime().contains(LogLines.key(entry))).toList();
            sagas = fresh.isEmpty() ? Map.of() : sagasOf.apply(fresh);
        } catch (RuntimeException e) {
            String message = e.getMessage();
            ui.access(() -> state.setText(t("logs.tail.paused", message, EVERY.toSeconds())));
            return;
        }
        ui.access(() -> {
            if (following != query) {
                return;
            }
            for (LogEntry entry : fresh) {
                Mark shown = mark;
                if (shown != null && (entry.timestamp().isBefore(shown.time())
                        || shown.shownAtTime().contains(LogLines.key(entry)))) {
                    // already shown by a poll whose lines arrived late
                    continue;
                }
                Div line = LogLines.line(entry, sagas);
                line.addClassName("new");
                lines.addComponentAsFirst(line);
                tailLines.addLast(line);
                if (tailLines.size() > KEPT) {
                    lines.remove(tailLines.removeFirst());
                }
                remember(entry.timestamp(), List.of(entry));
            }
            if (!fresh.isEmpty()) {
                lines.getChildren().filter(c -> c.getId().filter("logs-empty"::equals).isPresent()).toList()
                        .forEach(lines::remove);
            }
            state.setText(fresh.isEmpty() ? t("logs.tail.following", EVERY.toSeconds(), UserTime.time(Instant.now()))
                    : t("logs.tail.followingNew", EVERY.toSeconds(), UserTime.time(Instant.now()), fresh.size()));
        });
    }
}
