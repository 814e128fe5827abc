package io.opsplane.console.ui.saga;

import com.vaadin.flow.component.html.Anchor;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.ui.kit.Widgets;

import static io.opsplane.console.ui.kit.Messages.t;

/** Links into the saga list that show exactly the sagas a number or a name stands for. */
public final class SagaLinks {

    /**
     * The bulk actions page ({@code ui.compensation.BulkActionsView}), which takes a saga list's parameters. Named
     * here rather than imported: that page builds on this package, so the reference back is by address.
     */
    public static final String BULK_PATH = "bulk";

    private SagaLinks() {
    }

    /** A count that opens the saga list with exactly the sagas it counts. */
    public static Anchor countLink(long count, SagaFilter filter) {
        Anchor link = new Anchor(SagaListQuery.location(filter), Widgets.number(count));
        link.addClassName("opsplane-count");
        link.getElement().setAttribute("title", t("sagaLinks.list"));
        return link;
    }

    public static Anchor listLink(String text, SagaFilter filter) {
        return new Anchor(SagaListQuery.location(filter), text);
    }
}
