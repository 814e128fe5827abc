package io.opsplane.console.ui.alerting;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.router.RouterLink;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The alerting pages' own navigation under the console's bar (which holds one "Alerts" entry for
 * all of them): alerts, silences, receivers, rules.
 */
@StyleSheet("context://styles/alerting.css")
class AlertingNav extends Nav {

    AlertingNav() {
        add(link(t("alertingNav.alerts"), AlertsView.class), link(t("alertingNav.silences"), SilencesView.class),
                link(t("alertingNav.receivers"), ReceiversView.class), link(t("alertingNav.rules"), RulesView.class));
        addClassName("opsplane-subnav");
        setId("alerting-nav");
    }

    private static RouterLink link(String text, Class<? extends Component> view) {
        RouterLink link = new RouterLink(text, view);
        // exact: "alerts" must not light up on "alerts/silences"
        link.setHighlightCondition((l, event) -> event.getLocation().getPath().equals(l.getHref()));
        return link;
    }
}
