package io.opsplane.console.ui.kit;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.server.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Something slow (Elasticsearch) read off the UI thread once its place is on the screen, then shown
 * through server push; until then the place says what it is waiting for. A saga page thus opens at
 * once, whatever Elasticsearch is doing. The read and what is built from it speak the page's language,
 * taken on the UI thread: the reading thread has no current UI to ask.
 */
public final class Background {

    private static final Logger log = LoggerFactory.getLogger(Background.class);

    private Background() {
    }

    public static <T> Div load(String loading, Supplier<T> read, Function<T, Component> show,
                        Function<RuntimeException, Component> failed) {
        Div place = new Div(Widgets.muted(loading));
        place.getElement().setAttribute("aria-busy", "true");
        place.addAttachListener(attached -> {
            attached.unregisterListener();
            UI ui = attached.getUI();
            Locale language = Messages.locale();
            // the read runs as the person looking (what they may see, what is masked for them)
            SecurityContext viewer = SecurityContextHolder.getContext();
            Thread.ofVirtual().name("console-read").start(new DelegatingSecurityContextRunnable(() -> {
                Command shown;
                try {
                    T data = Messages.speaking(language, read);
                    shown = () -> replace(place, Messages.speaking(language, () -> show.apply(data)));
                } catch (RuntimeException e) {
                    log.debug("Background read failed", e);
                    shown = () -> replace(place, Messages.speaking(language, () -> failed.apply(e)));
                }
                try {
                    ui.access(shown);
                } catch (UIDetachedException pageLeft) {
                    // nobody to show it to
                }
            }, viewer));
        });
        return place;
    }

    /**
     * {@link #load} as a full-width section under {@code id}, what {@code failed} shows under {@code id}-problem, for
     * links and tests to find.
     */
    public static <T> Div section(String id, String loading, Supplier<T> read, Function<T, Component> show,
                                  Function<RuntimeException, Component> failed) {
        Div section = load(loading, read, show, failure -> {
            Component problem = failed.apply(failure);
            problem.setId(id + "-problem");
            return problem;
        });
        section.setId(id);
        section.setWidthFull();
        return section;
    }

    private static void replace(Div place, Component shown) {
        place.removeAll();
        place.add(shown);
        place.getElement().removeAttribute("aria-busy");
    }
}
