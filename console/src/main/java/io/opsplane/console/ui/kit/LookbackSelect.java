package io.opsplane.console.ui.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.select.Select;

/** The "Last" choice of a time window: the usual lookbacks, and whichever other one a link asked for. */
public class LookbackSelect extends Select<Duration> {

    public LookbackSelect() {
        setLabel("Last");
        setItems(TimeWindow.LOOKBACKS);
        setItemLabelGenerator(Durations::format);
    }

    /** Shows {@code lookback} (null: none), among the choices even when it is not one of the usual ones. */
    public void show(Duration lookback) {
        if (lookback != null && !TimeWindow.LOOKBACKS.contains(lookback)) {
            List<Duration> choices = new ArrayList<>(TimeWindow.LOOKBACKS);
            choices.add(lookback);
            choices.sort(Duration::compareTo);
            setItems(choices);
        }
        setValue(lookback);
    }
}
