package io.opsplane.console.ui.shell;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.opsplane.console.saga.SagaFilter;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;
import io.opsplane.console.security.Role;
import io.opsplane.console.ui.kit.Messages;
import jakarta.annotation.security.RolesAllowed;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * The frame around every view: where you are, the search box (Ctrl+K) that finds a saga by order
 * number, any business key or trace id, the light/dark toggle, and who is signed in. Vaadin checks
 * a layout's access rules as well as its view's.
 */
@RolesAllowed("VIEWER")
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private static final String CONTINUE = "continue";
    /** Views whose @Menu order is this or more go under "More" (Kafka at 5.2 and the views after it). */
    static final double MORE_FROM = 5.2;
    /** The saga list's address (SagaListView.PATH), where the search box sends what it finds. */
    private static final String SAGAS = "sagas";

    private final TextField search = new TextField();

    public MainLayout(SagaQueries sagas, AuthenticationContext authentication) {
        Span brand = new Span(t("app.name"));
        brand.addClassName("opsplane-brand");

        // the menu comes from the views' own @Menu declarations, shown to those whose role may open them; the views
        // looked at less often (@Menu order MORE_FROM and up: Kafka, migration, bulk actions, policies, audit,
        // retention) sit under one "More" menu, so that the bar keeps to one line on a laptop's 1440 px
        Nav nav = new Nav();
        MenuBar more = new MenuBar();
        more.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        more.setId("nav-more");
        // as wide as its one button: squeezed by the bar, a menu bar folds its items into an overflow button
        more.getStyle().set("flex-shrink", "0").set("min-width", "max-content");
        SubMenu moreViews = more.addItem(t("nav.more")).getSubMenu();
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            RolesAllowed roles = entry.menuClass().getAnnotation(RolesAllowed.class);
            if (roles != null && !authentication.hasAnyRole(roles.value())) {
                continue;
            }
            String path = entry.path().replaceAll("^/+", "");
            // the @Menu title is the fallback for a view whose title is not in the bundles yet
            String key = "menu." + (path.isEmpty() ? "overview" : path.replace('/', '.'));
            RouterLink link = new RouterLink(Messages.has(key) ? t(key) : entry.title(), entry.menuClass());
            if (!path.isEmpty()) {
                // a saga, a trace or an alert page keeps its list's item highlighted
                link.setHighlightCondition((l, event) -> event.getLocation().getPath().startsWith(path));
            }
            if (entry.order() != null && entry.order() >= MORE_FROM) {
                moreViews.addItem(link);
            } else {
                nav.add(link);
            }
        }
        if (!moreViews.getItems().isEmpty()) {
            nav.add(more);
        }
        nav.addClassNames("opsplane-nav", "flex", "gap-s");

        search.setPlaceholder(t("search.placeholder"));
        search.setAriaLabel(t("search.label"));
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setWidth("13em");
        search.setTooltipText(t("search.shortcut"));
        search.addKeyPressListener(Key.ENTER, e -> find(sagas, search.getValue()));
        Shortcuts.addShortcutListener(this, () -> search.focus(), Key.KEY_K, KeyModifier.CONTROL);

        Button theme = new Button(VaadinIcon.ADJUST.create());
        theme.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        theme.setAriaLabel(t("theme.label"));
        theme.setTooltipText(t("theme.tooltip"));
        theme.setId("theme-toggle");
        theme.addClickListener(e -> getElement().executeJs("""
                const root = document.documentElement;
                const next = root.getAttribute('theme') === 'dark' ? 'light' : 'dark';
                root.setAttribute('theme', next);
                root.style.colorScheme = next;
                try { localStorage.setItem($0, next); } catch (e) { }""", AppShell.THEME_KEY));

        String role = List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER).stream()
                .filter(r -> authentication.hasRole(r.name())).findFirst().map(r -> t("role." + r.name())).orElse(t("user.noRole"));
        Span user = new Span(t("user.signedIn", authentication.getPrincipalName().orElse(""), role));
        user.addClassName("opsplane-muted");
        user.setId("signed-in-user");
        // a long user name must not push the menu off the bar: cut, and whole in the tooltip
        user.getStyle().set("max-width", "14em").set("overflow", "hidden").set("text-overflow", "ellipsis")
                .set("white-space", "nowrap");
        user.setTitle(user.getText());
        Button signOut = new Button(t("user.signOut"), e -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        Div spacer = new Div();
        HorizontalLayout bar = new HorizontalLayout(brand, nav, search, spacer, language(), theme, user, signOut);
        bar.setFlexGrow(1, spacer);
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.setWidthFull();
        bar.addClassNames("px-m");
        addToNavbar(bar);
        // everything is in the bar: no drawer to take a laptop screen's width
        setDrawerOpened(false);
    }

    /** English / 한국어, each named in its own language; choosing one redraws the page in it. */
    private Select<Locale> language() {
        Select<Locale> language = new Select<>();
        language.setId("language");
        language.setItems(Messages.LANGUAGES);
        language.setItemLabelGenerator(locale -> Messages.format(locale, "language.name"));
        language.setAriaLabel(t("language.label"));
        language.setTooltipText(t("language.label"));
        language.setValue(Messages.locale());
        language.setWidth("7.5em");
        language.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                getUI().ifPresent(ui -> LanguageChoice.choose(ui, e.getValue()));
            }
        });
        return language;
    }

    /**
     * Spring Security marks the address it sends a user back to after signing in with "?continue";
     * the address bar should show the link as it was shared, so the mark goes.
     */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        if (query.getParameters().containsKey(CONTINUE)) {
            QueryParameters rest = query.excluding(CONTINUE);
            String path = event.getLocation().getPath();
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                    new Location(path, rest).getPathWithQueryParameters()));
        }
    }

    /** One saga found: open it; several or none: the list searched for it, which says which. */
    private void find(SagaQueries sagas, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        SagaFilter filter = new SagaFilter(null, null, null, null, null, null, text.trim(), null, null, null, null,
                null);
        List<SagaSummary> found = sagas.list(filter, null, 2, Instant.now()).items();
        search.clear();
        // by address, not by the saga views' classes: the shell stays below every feature's views
        if (found.size() == 1) {
            getUI().ifPresent(ui -> ui.navigate(SAGAS + "/" + found.getFirst().id()));
        } else {
            getUI().ifPresent(ui -> ui.navigate(SAGAS, QueryParameters.of("q", filter.search())));
        }
    }
}
