package io.opsplane.console.ui.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.select.Select;

/** The "Last" choice of a time window: the usual lookbacks, and whichever other one a link asked for. */
public class LookbackSelect extends Select<Duration> {

    /** Set while a page shows what its address asked for, so that is not taken for the user's choice. */
    private boolean filling;

    public LookbackSelect() {
        setLabel(Messages.t("lookback.label"));
        setItems(TimeWindow.LOOKBACKS);
        setItemLabelGenerator(Durations::format);
    }

    /**
     * For a page that redraws at once: {@code chosen} gets the window the user picked, with the page's address
     * (from {@code location}) put in the address bar first.
     */
    public void onChosen(Function<TimeWindow, String> location, Consumer<TimeWindow> chosen) {
        addValueChangeListener(e -> {
            if (!filling && e.getValue() != null) {
                TimeWindow window = TimeWindow.last(e.getValue());
                getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, location.apply(window)));
                chosen.accept(window);
            }
        });
    }

    /** Shows {@code lookback} (null: none), among the choices even when it is not one of the usual ones. */
    public void show(Duration lookback) {
        filling = true;
        try {
            if (lookback != null && !TimeWindow.LOOKBACKS.contains(lookback)) {
                List<Duration> choices = new ArrayList<>(TimeWindow.LOOKBACKS);
                choices.add(lookback);
                choices.sort(Duration::compareTo);
                setItems(choices);
            }
            setValue(lookback);
        } finally {
            filling = false;
        }
    }
}
