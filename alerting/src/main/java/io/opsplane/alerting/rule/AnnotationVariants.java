package io.opsplane.alerting.rule;

import java.text.MessageFormat;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Annotations in the reader's language. A rule may give an annotation a variant per language beside it,
 * named {@code <name>_<language>} ({@code summary_ko} beside {@code summary}): a reader of that language
 * reads the variant, every other reader the base annotation. Variants are ordinary annotations otherwise
 * (rendered from their templates, sent as they are in Alertmanager's webhook body), so what a rule's author
 * wrote stays theirs; only the choice of which one to show lives here.
 */
public final class AnnotationVariants {

    /** The languages Opsplane writes in, the console's and the receivers'; the first is the default. */
    public static final List<String> LANGUAGES = List.of("en", "ko");

    /** What looks like a language suffix: two lowercase letters after the last underscore. */
    private static final Pattern SUFFIXED = Pattern.compile("(.+)_([a-z]{2})");
    /** Annotations every alert is read by, whose suffixed names can only mean a language. */
    private static final Set<String> READ_BY_EVERYONE = Set.of("summary", "description");

    /** Texts the module writes into alerts, per language: rules.properties and rules_ko.properties. */
    private static final String TEXTS = "io.opsplane.alerting.rule.rules";

    private AnnotationVariants() {
    }

    /** The annotation {@code name} in {@code language}: {@code name} itself in the default language. */
    public static String variant(String name, String language) {
        return language.equals(LANGUAGES.getFirst()) ? name : name + "_" + language;
    }

    /**
     * The summary of an alert whose rule gives none, in every language (summary, summary_ko): the rule's name
     * and the value it measured, worded by the bundles.
     */
    public static Map<String, String> defaultSummary(String rule, double value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            Locale locale = Locale.forLanguageTag(language);
            ResourceBundle bundle = ResourceBundle.getBundle(TEXTS, locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            out.put(variant("summary", language), new MessageFormat(bundle.getString("summary.default"), locale)
                    .format(new Object[] {rule, AnnotationTemplate.number(value)}));
        }
        return out;
    }

    /** The supported language {@code locale} speaks (ko-KR → ko), else the default. */
    public static String language(Locale locale) {
        return locale != null && LANGUAGES.contains(locale.getLanguage()) ? locale.getLanguage() : LANGUAGES.getFirst();
    }

    /** The language {@code name} is a variant in ({@code summary_ko} → ko), or null for a base annotation. */
    public static String languageOf(String name) {
        Matcher m = SUFFIXED.matcher(name);
        return m.matches() && LANGUAGES.contains(m.group(2)) ? m.group(2) : null;
    }

    /** {@code name} as a reader of {@code language} reads it: its variant, else the base; null when neither exists. */
    public static String in(Map<String, String> annotations, String name, Locale language) {
        String variant = annotations.get(name + "_" + language(language));
        return variant != null ? variant : annotations.get(name);
    }

    /**
     * Every annotation as a reader of {@code language} reads it, under its base name and in the order given; variants
     * are folded into their base, so none is shown twice.
     */
    public static Map<String, String> in(Map<String, String> annotations, Locale language) {
        Map<String, String> out = new LinkedHashMap<>();
        String reader = language(language);
        for (String name : annotations.keySet()) {
            String variantLanguage = languageOf(name);
            if (variantLanguage == null) {
                out.putIfAbsent(name, in(annotations, name, language));
            } else if (variantLanguage.equals(reader)) {
                // also when the rule gave no base: the reader can read this one
                String base = name.substring(0, name.length() - reader.length() - 1);
                out.putIfAbsent(base, in(annotations, base, language));
            }
        }
        return out;
    }

    /**
     * Null when the names are usable, else what is wrong: a suffix that looks like a language Opsplane does not
     * write in, on an annotation the rule also has or that every alert is read by ({@code summary_kr}, a typo for
     * summary_ko, would otherwise be shown to nobody).
     */
    static String problem(Collection<String> names) {
        for (String name : names) {
            Matcher m = SUFFIXED.matcher(name);
            if (m.matches() && !LANGUAGES.contains(m.group(2))
                    && (names.contains(m.group(1)) || READ_BY_EVERYONE.contains(m.group(1)))) {
                return "annotation '" + name + "': '" + m.group(2) + "' is not a language alerts are written in "
                        + "(a variant is named <annotation>_<language>, the language one of " + String.join(", ", LANGUAGES)
                        + ", e.g. " + m.group(1) + "_ko)";
            }
        }
        return null;
    }
}
