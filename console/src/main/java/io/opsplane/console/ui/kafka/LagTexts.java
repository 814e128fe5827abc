package io.opsplane.console.ui.kafka;

import java.time.Instant;

import com.vaadin.flow.component.html.Span;
import io.opsplane.console.lag.GroupLag;
import io.opsplane.console.lag.TopicLag;
import io.opsplane.console.ui.kit.UserTime;
import io.opsplane.console.ui.kit.Widgets;

import static io.opsplane.console.ui.kit.Messages.t;

/** How a group's lag reads on every page that shows it. */
public final class LagTexts {

    private LagTexts() {
    }

    /** "caught up", "1,240 behind" or, once it has not moved for a while, "1,240 behind, no progress for 52 s". */
    public static String progress(TopicLag topic, Instant now) {
        if (topic.lag() == 0) {
            return topic.uncommitted() > 0 ? t("lag.nothingCommitted") : t("lag.caughtUp");
        }
        return topic.stalled(now) ? t("lag.behindStalled", topic.lag(), UserTime.duration(topic.stalledFor(now)))
                : t("lag.behind", topic.lag());
    }

    /** The group's worst topic in one phrase, coloured when it is stalled or nobody consumes. */
    public static Span summary(GroupLag group, Instant now) {
        TopicLag worst = group.mostStalled(now);
        String text = worst == null ? t("lag.caughtUp") : t("lag.onTopic", progress(worst, now), worst.topic());
        if (group.noActiveMembers()) {
            text = t("lag.noMembers", text);
        }
        Span summary = new Span(text);
        if (group.noActiveMembers() && group.lag() > 0 || group.stalledFor(now).compareTo(TopicLag.STALLED_AFTER) >= 0) {
            summary.addClassName("opsplane-error");
        }
        summary.getElement().setAttribute("data-lag", String.valueOf(group.lag()));
        return summary;
    }
}
