package io.opsplane.console.ui.kit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;

/**
 * A console page: the layout every view shares (its spacing comes from the stylesheet), its title row, and the
 * browser tab's title in the page's language ({@code @PageTitle} can only hold one language's text).
 */
public abstract class ConsolePage extends VerticalLayout implements HasDynamicTitle {

    private final String titleKey;
    /** The tab's title when the page names what it shows (a saga, a trace); null: the heading's. */
    private String pageTitle;

    /** {@code titleKey}: the bundle key of the page's heading, which the tab's title repeats. */
    protected ConsolePage(String titleKey) {
        this.titleKey = titleKey;
        addClassName("opsplane-page");
        setPadding(false);
    }

    /** "Sagas · Opsplane", "사가 · Opsplane": read after navigation, on the UI thread, in the page's language. */
    @Override
    public String getPageTitle() {
        return pageTitle != null ? pageTitle : Messages.t("page.title", title());
    }

    /** The page's heading, in the page's language. */
    protected String title() {
        return Messages.t(titleKey);
    }

    /** For a page that shows one thing: the tab's whole title, worded by the page. */
    protected void setPageTitle(String title) {
        this.pageTitle = title;
    }

    /**
     * The title row: the page's title, a muted note beside it (a count, a time; {@code noteId} names it for links
     * and tests; null for none), then the page's own controls, on one baseline.
     */
    protected HorizontalLayout header(Span note, String noteId, Component... controls) {
        H2 heading = new H2(title());
        heading.addClassName("m-0");
        HorizontalLayout header = new HorizontalLayout(heading);
        if (note != null) {
            note.addClassName("opsplane-muted");
            note.setId(noteId);
            header.add(note);
        }
        header.add(controls);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        return header;
    }

    /** A quiet "Refresh" button: reading again is a page's everyday action, not its main one. */
    protected static Button refreshButton(Runnable refresh) {
        Button button = new Button(Messages.t("common.refresh"), VaadinIcon.REFRESH.create(), e -> refresh.run());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return button;
    }
}
