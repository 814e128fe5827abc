package io.opsplane.console.ui.shell;

import java.time.Duration;
import java.util.Locale;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import io.opsplane.console.ui.kit.Messages;
import jakarta.servlet.http.Cookie;
import org.springframework.stereotype.Component;

/**
 * The page language: the browser's (Vaadin matches Accept-Language against {@link Messages#LANGUAGES}),
 * unless the user chose one with the switcher in {@link MainLayout}; a choice holds for the session
 * and, through a cookie, for the next sign-in in that browser.
 */
@Component
class LanguageChoice implements VaadinServiceInitListener {

    static final String COOKIE = "opsplane-lang";
    private static final Duration KEPT = Duration.ofDays(365);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> {
            Locale chosen = chosen(VaadinRequest.getCurrent());
            if (chosen != null) {
                init.getUI().setLocale(chosen);
            }
        });
    }

    /** The language chosen earlier in this session or browser, or null: the browser's own then. */
    private static Locale chosen(VaadinRequest request) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && session.getAttribute(COOKIE) instanceof Locale locale) {
            return locale;
        }
        if (request == null || request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName()) && cookie.getValue() != null) {
                // only a language the console speaks: the cookie is the browser's to change
                Locale asked = Locale.forLanguageTag(cookie.getValue());
                return Messages.LANGUAGES.contains(asked) ? asked : null;
            }
        }
        return null;
    }

    /** Switches the session to {@code locale}, remembers it in the browser, and redraws the page in it. */
    static void choose(UI ui, Locale locale) {
        VaadinSession session = ui.getSession();
        session.setAttribute(COOKIE, locale);
        session.setLocale(locale);
        VaadinResponse response = VaadinResponse.getCurrent();
        if (response != null) {
            Cookie cookie = new Cookie(COOKIE, locale.toLanguageTag());
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            cookie.setMaxAge((int) KEPT.toSeconds());
            response.addCookie(cookie);
        }
        ui.getPage().reload();
    }
}
