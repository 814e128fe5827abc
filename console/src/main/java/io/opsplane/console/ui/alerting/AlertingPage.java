package io.opsplane.console.ui.alerting;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import io.opsplane.alerting.read.AlertingReads;
import io.opsplane.console.alerting.AlertingActions;
import io.opsplane.console.ui.kit.ConsolePage;

/**
 * An alerting page (alerts, silences, receivers, rules): the alerting pages' own navigation above the page, and the
 * alerting reads and actions every one of them works through.
 */
abstract class AlertingPage extends ConsolePage implements BeforeEnterObserver {

    protected final AlertingReads alerting;
    protected final AlertingActions actions;

    AlertingPage(String titleKey, AlertingReads alerting, AlertingActions actions) {
        super(titleKey);
        this.alerting = alerting;
        this.actions = actions;
        add(new AlertingNav());
    }

    /** Shows what the page reads; a page with filters fills them from the address first. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show();
    }

    /** Reads anew and shows what was read. */
    protected abstract void show();
}
