package io.opsplane.console.ui.compensation;

import static io.opsplane.console.ui.kit.Messages.message;
import static io.opsplane.console.ui.kit.Messages.t;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.opsplane.console.compensation.ActionKind;
import io.opsplane.console.compensation.ActionRefusedException;
import io.opsplane.console.compensation.CompensationProperties;
import io.opsplane.console.compensation.bulk.BulkItem;
import io.opsplane.console.compensation.bulk.BulkJob;
import io.opsplane.console.compensation.bulk.BulkJobStatus;
import io.opsplane.console.compensation.bulk.BulkJobs;
import io.opsplane.console.compensation.bulk.BulkRequest;
import io.opsplane.console.compensation.bulk.SagaSelection;
import io.opsplane.console.definition.SagaDefinitions;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.text.Phrase;
import io.opsplane.console.ui.kit.ConsolePage;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.saga.SagaDetailView;
import io.opsplane.console.ui.saga.SagaFilterBar;
import io.opsplane.console.ui.saga.SagaLinks;
import io.opsplane.console.ui.saga.SagaListQuery;
import io.opsplane.console.ui.shell.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/**
 * Bulk actions at {@code /bulk}: the sagas to act on, chosen with the saga list's own filter controls (filled from
 * the saga list's parameters, e.g. {@code /bulk?status=STUCK&type=order-placement}, as its links carry them), their
 * live count, the action, reason, canary size and rate; then
 * every job with its progress bar, pause/resume/cancel, approval, and per-saga results. Refreshes every 2 s.
 */
@Route(value = BulkActionsView.PATH, layout = MainLayout.class)
@Menu(order = 7, title = "Bulk actions")
@RolesAllowed("OPERATOR")
public class BulkActionsView extends ConsolePage implements BeforeEnterObserver {

    public static final String PATH = "bulk";

    private final BulkJobs jobs;
    private final Masking masking;
    /** The sagas to act on, chosen with the saga list's own controls. */
    private final SagaFilterBar filter;
    /** What a link's parameters got wrong, or why its filter cannot be a job's: shown, and left out of the controls. */
    private final Div filterProblems = new Div();
    private final Span count = new Span();
    /** When the count was last taken: it is kept live while the page is open, but not on every 2 s redraw. */
    private java.time.Instant countedAt;
    /** Offered only while the filter selects sagas; why not is its tooltip. */
    private Button create;
    private final Div jobList = new Div();
    private final Div results = new Div();
    private Long counted;
    private Long shownJob;
    private Registration polling;
    private static final java.time.Duration ADDITIONS_EVERY = java.time.Duration.ofSeconds(15);
    /** The job whose additions were counted last, in which status, when, and how many: see {@link #additions}. */
    private Long additionsJob;
    private BulkJobStatus additionsStatus;
    private java.time.Instant additionsCountedAt;
    private Additions additionsCount;
    /** What the jobs table and the results show: each is drawn again only when that changed. */
    private List<BulkJob> drawnJobs;
    private List<Object> drawnResults;
    /** Why the last button pressed did nothing. */
    private final Div notices = new Div();

    public BulkActionsView(BulkJobs jobs, CompensationProperties properties, Masking masking,
                           SagaDefinitions definitions) {
        super("bulk.title");
        this.jobs = jobs;
        this.masking = masking;
        add(new H2(title()));

        filter = new SagaFilterBar(definitions, () -> {
            // an edit drops what a link got wrong: the controls now say what is selected
            filterProblems.setVisible(false);
            count();
        });
        filter.setId("bulk-filter");
        filterProblems.addClassName("opsplane-error");
        filterProblems.setId("bulk-filter-problems");
        filterProblems.setVisible(false);
        count.setId("bulk-count");
        Select<ActionKind> kind = new Select<>();
        kind.setLabel(t("bulk.action"));
        kind.setId("bulk-kind");
        kind.setItems(ActionKind.values());
        kind.setItemLabelGenerator(k -> t("action.kind." + k));
        kind.setValue(ActionKind.COMPENSATE);
        TextArea reason = new TextArea(t("bulk.reason"));
        reason.setWidthFull();
        IntegerField canary = new IntegerField(t("bulk.canary"));
        canary.setValue(properties.bulk().defaultCanarySize());
        canary.setMin(0);
        IntegerField rate = new IntegerField(t("bulk.rate"));
        rate.setValue(properties.bulk().defaultRatePerSecond());
        rate.setMin(1);
        rate.setMax(properties.bulk().maxRatePerSecond());
        Span problem = new Span();
        problem.addClassName("opsplane-error");
        Button create = new Button(t("bulk.create"), e -> {
            problem.setText("");
            if (counted == null) {
                problem.setText(t("bulk.create.first", count.getText()));
                return;
            }
            try {
                BulkJob made = jobs.create(new BulkRequest(selection(), kind.getValue(), reason.getValue(),
                        canary.getValue(), rate.getValue(), counted), ActionsSection.userName());
                reason.clear();
                if (made.total() != counted) {
                    // not refused: the selection is frozen at creation, and newcomers can be added afterwards
                    problem.setText(t("bulk.create.differs", made.total(), String.valueOf(made.id()), counted,
                            UserTime.time(made.createdAt())));
                }
                shownJob = made.id();
                refresh();
            } catch (ActionRefusedException | IllegalArgumentException ex) {
                problem.setText(message(ex));
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("bulk-create");
        this.create = create;
        HorizontalLayout row = new HorizontalLayout(kind, canary, rate);
        Div form = new Div(new H3(t("bulk.sagas")), filterProblems, filter, count, row, reason,
                new HorizontalLayout(create, problem));
        form.addClassName("opsplane-card");
        form.setWidthFull();
        jobList.setWidthFull();
        jobList.setId("bulk-jobs");
        results.setWidthFull();
        notices.setId("bulk-notices");
        add(form, new H3(t("bulk.jobs")), jobList, notices, results);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // "continue" is Spring Security's mark on the address it sent a user back to after signing in
        QueryParameters query = event.getLocation().getQueryParameters().excluding("continue");
        // ?job=7: the job a notice links to (an approval waiting), its results shown
        List<String> job = query.getParameters().getOrDefault("job", List.of());
        if (!job.isEmpty()) {
            try {
                shownJob = Long.parseLong(job.getFirst());
            } catch (NumberFormatException e) {
                shownJob = null;
            }
            query = query.excluding("job");
        }
        if (!query.getParameters().isEmpty()) {
            // the saga list's parameters, as "Act on these N" and alert links carry them (and this page once took
            // as a query string): read into the controls; what cannot be read is said and left out
            SagaListQuery.Parsed parsed = SagaListQuery.parse(query);
            List<String> problems = new java.util.ArrayList<>(parsed.problems());
            if (parsed.narrowing() != null) {
                problems.add(t("bulk.leftOut.narrowing"));
            }
            filterProblems.setText(problems.isEmpty() ? "" : t("bulk.leftOut", String.join("; ", problems)));
            filterProblems.setVisible(!problems.isEmpty());
            filter.fill(parsed.filter());
        }
        count();
        refresh();
    }

    @Override
    protected void onAttach(com.vaadin.flow.component.AttachEvent event) {
        event.getUI().setPollInterval(2000);
        polling = event.getUI().addPollListener(e -> {
            if (countedAt == null || countedAt.plus(ADDITIONS_EVERY).isBefore(java.time.Instant.now())) {
                count();
            }
            refresh();
        });
    }

    @Override
    protected void onDetach(com.vaadin.flow.component.DetachEvent event) {
        if (polling != null) {
            polling.remove();
            event.getUI().setPollInterval(-1);
        }
    }

    private SagaSelection selection() {
        if (filter.invalid()) {
            throw new IllegalArgumentException(t("bulk.stuckInvalid"));
        }
        return SagaSelection.of(filter.filter());
    }

    /** The live count: how many sagas the controls select now, with a link to list them. */
    private void count() {
        countedAt = java.time.Instant.now();
        count.removeAll();
        try {
            SagaSelection selection = selection();
            counted = jobs.count(selection);
            count.add(Widgets.sentence("bulk.count", counted, SagaLinks.listLink(t("bulk.count.list"),
                    selection.toFilter())));
        } catch (IllegalArgumentException e) {
            counted = null;
            count.setText(message(e));
        }
        String cannot = counted == null ? t("bulk.cannotRead", count.getText())
                : counted == 0 ? t("bulk.noneMatch") : null;
        create.setEnabled(cannot == null);
        create.setTooltipText(cannot == null ? t("bulk.create.tooltip", counted) : cannot);
    }

    private void refresh() {
        // a job under review shows whether its canary lets it go on, which its actions' outcomes decide
        List<BulkJob> all = masking.forCurrentUser(jobs.list(50).stream().map(job -> job.status() == BulkJobStatus.REVIEW
                ? jobs.find(job.id()).orElse(job) : job).toList());
        if (shownJob != null) {
            showResults(shownJob);
        }
        // drawn again only when a job changed: a button replaced under the pointer every 2 s loses the click
        if (all.equals(drawnJobs)) {
            return;
        }
        drawnJobs = all;
        jobList.removeAll();
        if (all.isEmpty()) {
            jobList.add(Widgets.muted(t("bulk.none")));
        } else {
            var table = Widgets.table("#", t("bulk.column.action"), t("bulk.column.status"), t("bulk.column.progress"),
                    t("bulk.column.actedSkipped"), t("bulk.column.requested"), t("bulk.column.reason"), "");
            for (BulkJob job : all) {
                ProgressBar bar = new ProgressBar(0, 1, job.progress());
                // the selection was frozen when the job was made: say so, so a growing incident does not surprise
                Span progress = new Span(t("bulk.progress", job.processed(), job.total(),
                        UserTime.time(job.createdAt())));
                Div progressCell = new Div(bar, progress);
                progressCell.getElement().setAttribute("data-processed", String.valueOf(job.processed()));
                Widgets.row(table, job.id(), Widgets.word(t("action.kind." + job.kind())), Widgets.status(job.status()), progressCell,
                        job.acted() + " / " + job.skipped(), job.approvedBy() == null
                                ? t("bulk.requested", job.requestedBy(), UserTime.format(job.createdAt()))
                                : t("bulk.requested.approved", job.requestedBy(), UserTime.format(job.createdAt()),
                                        job.approvedBy()),
                        job.reason(), buttons(job)).getElement().setAttribute("data-job", String.valueOf(job.id()));
            }
            jobList.add(table);
        }
    }

    private HorizontalLayout buttons(BulkJob job) {
        HorizontalLayout buttons = new HorizontalLayout();
        String me = ActionsSection.userName();
        if (job.status() == BulkJobStatus.PENDING_APPROVAL) {
            Button approve = small(t("bulk.approve"), "approve", job, () -> jobs.approve(job.id(), me));
            Button reject = small(t("bulk.reject"), "reject", job, () -> jobs.reject(job.id(), me, "rejected in the console"));
            if (job.requestedBy().equals(me)) {
                // four eyes: shown, so the requester sees what the approver will press, but not for them
                for (Button button : List.of(approve, reject)) {
                    button.setEnabled(false);
                    button.setTooltipText(t("bulk.ownJob"));
                }
            }
            buttons.add(approve, reject);
        }
        if (job.status() == BulkJobStatus.PENDING_APPROVAL) {
            Span who = new Span(t("bulk.approvers", jobs.approvers(job).inWords()));
            who.addClassName("opsplane-muted");
            who.setId("bulk-approvers-" + job.id());
            buttons.add(who);
            if (jobs.breakGlassAllowed()) {
                Button alone = new Button(t("bulk.breakGlass"), e -> breakGlass(job));
                alone.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                alone.setId("bulk-break-glass-" + job.id());
                buttons.add(alone);
            }
        }
        if (job.status() == BulkJobStatus.REVIEW) {
            // the canary's own outcomes decide whether going on is offered; the reasons are the button's tooltip
            BulkJob reviewed = jobs.find(job.id()).orElse(job);
            List<Phrase> problems = reviewed.canaryProblems();
            Button goOn = small(t("bulk.goOn"), "resume", job, () -> jobs.resume(job.id(), me));
            goOn.setEnabled(problems.isEmpty());
            goOn.setTooltipText(problems.isEmpty() ? t("bulk.goOn.canary", String.valueOf(reviewed.acted()),
                    reviewed.actionsInWords()) : t("bulk.goOn.cannot", Phrase.joined("list.semicolon", problems)));
            buttons.add(goOn);
        } else if (job.status() == BulkJobStatus.PAUSED) {
            buttons.add(small(t("bulk.resume"), "resume", job, () -> jobs.resume(job.id(), me)));
        }
        if (job.status() == BulkJobStatus.CANARY || job.status() == BulkJobStatus.RUNNING) {
            buttons.add(small(t("bulk.pause"), "pause", job, () -> jobs.pause(job.id(), me)));
        }
        if (!job.status().finished()) {
            buttons.add(small(t("bulk.cancel"), "cancel", job, () -> jobs.cancel(job.id(), me, "cancelled in the console")));
        }
        buttons.add(small(t("bulk.results"), "results", job, () -> shownJob = job.id()));
        return buttons;
    }

    /** Why a button did nothing; it stays until the next button, not only until the next redraw. */
    private static Paragraph refused(ActionRefusedException e) {
        Paragraph refused = new Paragraph(message(e));
        refused.addClassName("opsplane-error");
        refused.addClassName("bulk-refused");
        return refused;
    }

    /**
     * The second confirmation of break-glass: a reason, and the operator saying once more that they go on alone;
     * everyone who gets operator-action notices is told.
     */
    private void breakGlass(BulkJob job) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(t("bulk.breakGlass.title", String.valueOf(job.id())));
        TextArea why = new TextArea(t("bulk.breakGlass.why"));
        why.setWidthFull();
        why.setId("break-glass-reason");
        Span problem = new Span();
        problem.addClassName("opsplane-error");
        Button confirm = new Button(t("bulk.breakGlass.confirm", t("action.kind." + job.kind()), job.total()), e -> {
            try {
                jobs.breakGlass(job.id(), ActionsSection.userName(), why.getValue());
                dialog.close();
                shownJob = job.id();
                refresh();
            } catch (ActionRefusedException | IllegalArgumentException ex) {
                problem.setText(message(ex));
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setId("break-glass-confirm");
        confirm.setEnabled(false);
        why.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
        why.addValueChangeListener(e -> confirm.setEnabled(!e.getValue().isBlank()));
        dialog.add(new Paragraph(t("bulk.breakGlass.text", jobs.approvers(job).inWords())), why, problem);
        dialog.getFooter().add(new Button(t("bulk.breakGlass.wait"), e -> dialog.close()), confirm);
        dialog.open();
    }

    private Button small(String text, String id, BulkJob job, Runnable action) {
        Button button = new Button(text, e -> {
            notices.removeAll();
            try {
                action.run();
            } catch (ActionRefusedException ex) {
                notices.add(refused(ex));
            }
            refresh();
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        button.setId("bulk-" + id + "-" + job.id());
        return button;
    }

    /** The sagas that came to match a job's filter since it was made: how many, or why they cannot be counted. */
    private record Additions(int count, String problem) {
    }

    /**
     * The job's {@link BulkJobs#additions}, counted at most every {@link #ADDITIONS_EVERY} (the page redraws every
     * 2 s, and a count selects up to the job limit's sagas), and again as the job's status changes: when it is done,
     * the operator looks for what is left at once.
     */
    private Additions additions(BulkJob job) {
        java.time.Instant now = java.time.Instant.now();
        if (additionsJob == null || additionsJob != job.id() || additionsStatus != job.status()
                || additionsCountedAt.plus(ADDITIONS_EVERY).isBefore(now)) {
            try {
                additionsCount = new Additions(jobs.additions(job.id()).size(), null);
            } catch (ActionRefusedException e) {
                additionsCount = new Additions(0, message(e));
            }
            additionsJob = job.id();
            additionsStatus = job.status();
            additionsCountedAt = now;
        }
        return additionsCount;
    }

    /** Offers the additions as a job of their own, with the same action, reason, canary and rate. */
    private void showAdditions(BulkJob job, Additions additions) {
        if (additions.problem() != null) {
            results.add(Widgets.muted(t("bulk.additions.problem", additions.problem())));
        }
        int more = additions.count();
        if (more == 0) {
            return;
        }
        Button add = new Button(t("bulk.additions", more), e -> {
            notices.removeAll();
            try {
                shownJob = jobs.addTo(job.id(), ActionsSection.userName()).id();
                additionsJob = null;
            } catch (ActionRefusedException ex) {
                notices.add(refused(ex));
            }
            refresh();
        });
        add.setId("bulk-additions-" + job.id());
        results.add(add);
    }

    private void showResults(long jobId) {
        BulkJob job = jobs.find(jobId).orElse(null);
        List<BulkItem> items = job == null ? List.of() : masking.forCurrentUser(jobs.items(jobId, 0, 200));
        Additions additions = job == null || job.status() == BulkJobStatus.REJECTED
                || job.status() == BulkJobStatus.CANCELLED ? new Additions(0, null) : additions(job);
        // drawn again only when something shown changed, so the additions button stays under the pointer
        List<Object> shown = java.util.Arrays.asList(job, items, additions);
        if (shown.equals(drawnResults)) {
            return;
        }
        drawnResults = shown;
        results.removeAll();
        if (job == null) {
            return;
        }
        results.add(new H3(t("bulk.results.title", String.valueOf(jobId))));
        Paragraph outcome = Widgets.muted(t("bulk.outcome", String.valueOf(job.acted()),
                String.valueOf(job.skipped()), job.actionsInWords()));
        outcome.setId("bulk-outcome");
        results.add(outcome);
        showAdditions(job, additions);
        if (job.status() == BulkJobStatus.REVIEW && !job.canaryProblems().isEmpty()) {
            Div problem = Widgets.problem(t("bulk.canary.problems", Phrase.joined("list.semicolon", job.canaryProblems())));
            problem.setId("bulk-canary-problems");
            results.add(problem);
        }
        var table = Widgets.table("#", t("bulk.column.saga"), t("bulk.column.result"), t("bulk.column.action"),
                t("bulk.column.actionStatus"));
        for (BulkItem item : items) {
            Widgets.row(table, item.seq(), new com.vaadin.flow.component.html.Anchor(
                    SagaDetailView.location(item.sagaId()), String.valueOf(item.sagaId())), item.result() == null
                    ? item.state() : item.result(), item.actionId(), item.actionStatus() == null ? ""
                    : Widgets.status(item.actionStatus()));
        }
        table.setId("bulk-results");
        results.add(table);
    }
}
