package io.opsplane.console.ui.kit;

import java.util.List;
import java.util.Locale;

import com.vaadin.flow.i18n.I18NProvider;
import org.springframework.stereotype.Component;

/**
 * Vaadin's translations for the console: components' {@code getTranslation} and the page language
 * Vaadin picks from the browser's Accept-Language (the first of {@link Messages#LANGUAGES} the
 * browser asks for, else English). Vaadin uses an {@link I18NProvider} Spring bean when there is one.
 */
@Component
public class ConsoleTranslations implements I18NProvider {

    @Override
    public List<Locale> getProvidedLocales() {
        return Messages.LANGUAGES;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        return Messages.format(locale, key, params);
    }
}
