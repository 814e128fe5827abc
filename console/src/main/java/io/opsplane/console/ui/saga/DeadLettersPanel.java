package io.opsplane.console.ui.saga;

import java.time.Instant;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.NativeTable;
import io.opsplane.console.ingest.DeadLetters;
import io.opsplane.console.security.masking.Masking;
import io.opsplane.console.ui.kit.MaskedPart;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.springframework.core.annotation.Order;

import static io.opsplane.console.ui.kit.Messages.t;

/** The newest records that could not be read as saga events, with why. */
@org.springframework.stereotype.Component
@Order(40)
class DeadLettersPanel extends MaskedPart<DeadLetters> implements OverviewPanel<DeadLetters.Page> {

    private static final int SHOWN = 8;

    DeadLettersPanel(DeadLetters deadLetters, Masking masking) {
        super("deadLetters.title", deadLetters, masking);
    }

    @Override
    public boolean wide() {
        return true;
    }

    @Override
    public DeadLetters.Page load(Instant now) {
        return read(deadLetters -> deadLetters.page(null, SHOWN));
    }

    @Override
    public Component render(DeadLetters.Page page, Instant now) {
        if (page.items().isEmpty()) {
            return Widgets.muted(t("deadLetters.none"));
        }
        NativeTable table = Widgets.table(t("deadLetters.column.received"), t("deadLetters.column.where"),
                t("deadLetters.column.type"), t("deadLetters.column.reason"));
        for (DeadLetters.DeadLetter letter : page.items()) {
            Widgets.row(table, t("deadLetters.when", UserTime.format(letter.receivedAt()), UserTime.relative(letter.receivedAt(), now)),
                    letter.topic() + " / " + letter.partition() + " / " + letter.offset(),
                    letter.sagaType() == null ? "–" : letter.sagaType(), letter.reason());
        }
        return table;
    }
}
