package io.opsplane.console.ui.kafka;

import java.time.Instant;

import com.vaadin.flow.component.html.Span;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;

/** How a group's lag reads on every page that shows it. */
public final class LagTexts {

    private LagTexts() {
    }

    /** "caught up", "1,240 behind" or, once it has not moved for a while, "1,240 behind, no progress for 52 s". */
    public static String progress(TopicLag topic, Instant now) {
        if (topic.lag() == 0) {
            return topic.uncommitted() > 0 ? "nothing committed yet" : "caught up";
        }
        return Widgets.number(topic.lag()) + " behind"
                + (topic.stalled(now) ? ", no progress for " + UserTime.duration(topic.stalledFor(now)) : "");
    }

    /** The group's worst topic in one phrase, coloured when it is stalled or nobody consumes. */
    public static Span summary(GroupLag group, Instant now) {
        TopicLag worst = group.mostStalled(now);
        String text = worst == null ? "caught up" : progress(worst, now) + " on " + worst.topic();
        if (group.noActiveMembers()) {
            text += " · no active members";
        }
        Span summary = new Span(text);
        if (group.noActiveMembers() && group.lag() > 0 || group.stalledFor(now).compareTo(TopicLag.STALLED_AFTER) >= 0) {
            summary.addClassName("opsplane-error");
        }
        summary.getElement().setAttribute("data-lag", String.valueOf(group.lag()));
        return summary;
    }
}
