package io.opsplane.console.ui.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page every view lives in: Lumo plus the console's own plain CSS (no frontend build), server
 * push for the overview's live refresh, and the remembered light or dark theme applied before the
 * first paint.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("context://styles/opsplane.css")
public class AppShell implements AppShellConfigurator {

    /** Where the browser remembers the theme; {@link MainLayout}'s toggle writes it. */
    static final String THEME_KEY = "opsplane-theme";

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Opsplane");
        settings.addFavIcon("icon", "favicon.ico", "32x32");
        // before anything renders, so a dark-theme user never sees a white flash
        settings.addInlineWithContents(Inline.Position.PREPEND, """
                (function () {
                  var theme = null;
                  try { theme = localStorage.getItem('%s'); } catch (e) { }
                  if (theme !== 'dark' && theme !== 'light') {
                    theme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
                  }
                  document.documentElement.setAttribute('theme', theme);
                  document.documentElement.style.colorScheme = theme;
                })();""".formatted(THEME_KEY), Inline.Wrapping.JAVASCRIPT);
    }
}
