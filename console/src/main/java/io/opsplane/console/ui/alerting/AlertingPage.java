package io.opsplane.console.ui.alerting;

import java.util.List;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.ConsolePage;

/**
 * An alerting page (alerts, silences, receivers, rules): the alerting pages' own navigation above the page, and the
 * alerting reads and actions every one of them works through, and the masking of what they show that came from
 * outside (alerts' labels and texts, silences' comments, delivery logs).
 */
abstract class AlertingPage extends ConsolePage implements BeforeEnterObserver {

    protected final AlertingReads alerting;
    protected final AlertingActions actions;
    private final Masking masking;

    AlertingPage(String titleKey, AlertingReads alerting, AlertingActions actions, Masking masking) {
        super(titleKey);
        this.alerting = alerting;
        this.actions = actions;
        this.masking = masking;
        add(new AlertingNav());
    }

    /** Each of what was read, as the current user may see it. */
    protected final <T> List<T> masked(List<T> read) {
        return masking.forCurrentUser(read);
    }

    /** Shows what the page reads; a page with filters fills them from the address first. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show();
    }

    /** Reads anew and shows what was read. */
    protected abstract void show();
}
