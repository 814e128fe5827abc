package io.opsplane.console.ui.compensation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.opsplane.console.compensation.audit.AuditChain;
import io.opsplane.console.compensation.audit.AuditEntry;
import io.opsplane.console.compensation.audit.AuditLog;
import io.opsplane.console.compensation.audit.AuditPage;
import io.opsplane.console.compensation.audit.AuditQuery;
import io.opsplane.console.compensation.audit.AuditVerification;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailView;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The audit log at {@code /audit}, newest first, filtered by who, action, saga and time range, with the same
 * parameter names as {@code GET /api/audit} in the address ({@code /audit?actor=alice&sagaId=42}).
 */
@Route(value = AuditView.PATH, layout = MainLayout.class)
@Menu(order = 9, title = "Audit")
@RolesAllowed("VIEWER")
public class AuditView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "audit";
    private static final int PAGE = 100;

    private final AuditLog audit;
    private final Masking masking;
    private final AuditChain chain;
    private final Span chainStatus = new Span();
    private Long brokenEntry;
    private final TextField actor = field(t("audit.filter.actor"), "actor");
    private final TextField action = field(t("audit.filter.action"), "action");
    private final TextField saga = field(t("audit.filter.saga"), "saga");
    private final TextField from = field(t("audit.filter.from"), "from");
    private final TextField to = field(t("audit.filter.to"), "to");
    private final Span problem = new Span();
    private final Div entries = new Div();
    private final Button more = new Button(t("audit.older"));
    private String next;
    private AuditQuery query = AuditQuery.ALL;

    private final SagaQueries sagas;

    public AuditView(AuditLog audit, AuditChain chain, Masking masking, SagaQueries sagas) {
        super("audit.title");
        this.audit = audit;
        this.sagas = sagas;
        this.masking = masking;
        this.chain = chain;
        chainStatus.setId("audit-chain");
        Button search = new Button(t("audit.filter"), e -> applyAndNavigate());
        search.setId("audit-filter");
        HorizontalLayout filters = new HorizontalLayout(actor, action, saga, from, to, search);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        problem.addClassName("opsplane-error");
        entries.setWidthFull();
        entries.setId("audit-entries");
        more.addClickListener(e -> load(false));
        add(new H2(title()), Widgets.muted(t("audit.intro")), chainStatus, filters, problem, entries, more);
    }

    private static TextField field(String label, String id) {
        TextField field = new TextField(label);
        field.setId("audit-" + id);
        field.setClearButtonVisible(true);
        return field;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> p = event.getLocation().getQueryParameters().getParameters();
        actor.setValue(first(p, "actor"));
        action.setValue(first(p, "action"));
        // sagaId: the API's name, and older links; saga: an id or a key, as typed
        saga.setValue(first(p, "sagaId").isEmpty() ? first(p, "saga") : first(p, "sagaId"));
        from.setValue(first(p, "from"));
        to.setValue(first(p, "to"));
        verifyChain();
        apply();
    }

    /** Walks the hash chain on every visit: a rewritten entry shows up the next time anyone opens the page. */
    private void verifyChain() {
        AuditVerification verification = chain.verify();
        chainStatus.removeClassNames("opsplane-error", "opsplane-ok");
        if (verification.intact()) {
            brokenEntry = null;
            chainStatus.setText(verification.verifiedUpTo() == null ? t("audit.chain.empty")
                    : t("audit.chain.intact", String.valueOf(verification.verifiedUpTo())));
            chainStatus.addClassName("opsplane-ok");
        } else {
            brokenEntry = verification.firstBroken();
            chainStatus.setText(t("audit.chain.broken", String.valueOf(verification.firstBroken()),
                    verification.reason()));
            chainStatus.addClassName("opsplane-error");
        }
    }

    private static String first(Map<String, List<String>> p, String name) {
        List<String> values = p.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private void applyAndNavigate() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("actor", actor.getValue());
        values.put("action", action.getValue());
        values.put("saga", saga.getValue());
        values.put("from", from.getValue());
        values.put("to", to.getValue());
        values.values().removeIf(String::isBlank);
        getUI().ifPresent(ui -> ui.navigate(PATH, QueryParameters.simple(values)));
    }

    private void apply() {
        problem.setText("");
        List<String> problems = new ArrayList<>();
        Long sagaId = null;
        Set<Long> foundByKey = null;
        String sagaText = saga.getValue().trim();
        if (sagaText.matches("\\d{1,18}")) {
            sagaId = Long.parseLong(sagaText);
        } else if (!sagaText.isEmpty()) {
            foundByKey = sagas.foundBy(sagaText, SagaQueries.MAX_PAGE);
        }
        Instant fromTime = time(from.getValue(), "from", problems);
        Instant toTime = time(to.getValue(), "to", problems);
        problem.setText(String.join("; ", problems));
        query = new AuditQuery(blank(actor.getValue()), blank(action.getValue()), sagaId, null, null, fromTime, toTime,
                foundByKey);
        load(true);
    }

    private void load(boolean fresh) {
        if (fresh) {
            entries.removeAll();
            next = null;
        }
        AuditPage page = masking.forCurrentUser(audit.find(query, next, PAGE));
        next = page.next();
        more.setVisible(next != null);
        if (fresh && page.items().isEmpty()) {
            entries.add(Widgets.muted(t("audit.none")));
            return;
        }
        Map<Long, SagaSummary> about = sagasOf(page.items());
        var table = Widgets.table(t("audit.column.when"), t("audit.column.who"), t("audit.column.action"),
                t("audit.column.saga"), t("audit.column.actionId"), t("audit.column.bulkJob"), t("audit.column.reason"),
                t("audit.column.outcome"));
        for (AuditEntry entry : page.items()) {
            var row = Widgets.row(table, UserTime.format(entry.recordedAt()), entry.actor(), entry.action(),
                    entry.sagaId() == null ? "" : sagaCell(entry, about.get(entry.sagaId())),
                    entry.actionId(), entry.bulkJobId(), entry.reason(), entry.outcome());
            row.getElement().setAttribute("data-audit", String.valueOf(entry.id()));
            if (brokenEntry != null && brokenEntry == entry.id()) {
                row.addClassName("opsplane-audit-broken");
                row.getElement().setAttribute("title", t("audit.chain.breaksHere", chainStatus.getText()));
            }
        }
        entries.add(table);
    }

    /** The sagas the entries are about, by id, as the list reads them (masked for the user): their keys are shown. */
    private Map<Long, SagaSummary> sagasOf(List<AuditEntry> page) {
        Set<Long> ids = page.stream().map(AuditEntry::sagaId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            return masking.forCurrentUser(sagas.list(SagaFilter.NONE.onlySagas(ids), null,
                    Math.min(ids.size(), SagaQueries.MAX_PAGE), Instant.now())).items().stream()
                    .collect(Collectors.toMap(SagaSummary::id, s -> s));
        } catch (RuntimeException e) {
            // the entries stand without their sagas' keys
            return Map.of();
        }
    }

    /** "o-1001 · order-placement · memberId=m-7", linking to the saga; its id alone when the saga is gone. */
    private static Anchor sagaCell(AuditEntry entry, SagaSummary saga) {
        String text = saga == null ? (entry.sagaType() == null ? t("audit.saga.gone", String.valueOf(entry.sagaId()))
                : t("audit.saga.goneType", String.valueOf(entry.sagaId()), entry.sagaType()))
                : saga.correlationKey() + " · " + saga.type() + saga.businessKeys().entrySet().stream()
                .filter(key -> !key.getValue().equals(saga.correlationKey()))
                .map(key -> " · " + key.getKey() + "=" + key.getValue()).collect(Collectors.joining());
        Anchor link = new Anchor(SagaDetailView.location(entry.sagaId()), text);
        link.getElement().setAttribute("title", t("audit.saga.title", String.valueOf(entry.sagaId())));
        return link;
    }

    private static Instant time(String text, String name, List<String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            problems.add(t("audit.badTime", name));
            return null;
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
