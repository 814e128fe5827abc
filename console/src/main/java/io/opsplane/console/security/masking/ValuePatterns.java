package io.opsplane.console.security.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data found by its shape rather than by the field holding it: card numbers (13–19
 * digits, spaces or dashes allowed, Luhn-valid) keep their last four digits ({@code ****1111});
 * e-mail addresses and configured patterns become {@link #MASKED}.
 */
final class ValuePatterns {

    /** What a masked e-mail address (or any other masked value) reads as. */
    static final String MASKED = "[masked]";

    /** Longer strings are masked whole: no regex runs over unbounded input. */
    static final int MAX_SCANNED_LENGTH = 65_536;

    static final String CARD_NUMBERS = "card-numbers";
    static final String EMAIL_ADDRESSES = "email-addresses";

    // Possessive and bounded quantifiers only, so a hostile value cannot make the scan backtrack. Digits
    // touching letters are part of a word, such as a hex trace id or hash, not a card number.
    private static final Pattern CARD_CANDIDATE = Pattern.compile(
            "(?<![0-9A-Za-z])\\d(?:[ -]?+\\d){12,18}+(?![0-9A-Za-z])");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]{1,64}+@[A-Za-z0-9-]{1,63}+(?:\\.[A-Za-z0-9-]{1,63}+){1,8}+");
    private static final Pattern CHEAP_DIGIT_RUN = Pattern.compile("\\d{4}");

    private final List<UnaryOperator<String>> maskers = new ArrayList<>();

    /** The built-in shapes named in {@code kinds} ({@link #CARD_NUMBERS}, {@link #EMAIL_ADDRESSES}) plus extra patterns. */
    ValuePatterns(List<String> kinds, Map<String, String> extraPatterns) {
        for (String kind : kinds) {
            switch (kind.trim().toLowerCase(Locale.ROOT)) {
                case CARD_NUMBERS -> maskers.add(ValuePatterns::maskCards);
                case EMAIL_ADDRESSES -> maskers.add(text -> text.indexOf('@') < 0 ? text
                        : EMAIL.matcher(text).replaceAll(Matcher.quoteReplacement(MASKED)));
                default -> throw new IllegalArgumentException("opsplane.security.masked-values: unknown kind '" + kind
                        + "'; known are " + CARD_NUMBERS + " and " + EMAIL_ADDRESSES
                        + " (add others under masked-value-patterns)");
            }
        }
        extraPatterns.forEach((name, regex) -> {
            Pattern pattern = Pattern.compile(regex);
            maskers.add(text -> pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASKED)));
        });
    }

    /** The text with every matching value in it masked. */
    String mask(String text) {
        if (text == null || text.isEmpty() || maskers.isEmpty()) {
            return text;
        }
        if (text.length() > MAX_SCANNED_LENGTH) {
            return MASKED;
        }
        String masked = text;
        for (UnaryOperator<String> masker : maskers) {
            masked = masker.apply(masked);
        }
        return masked;
    }

    /** Whether a whole number (a JSON number, say) is a card number this masks. */
    boolean masksNumber(String digits) {
        return !mask(digits).equals(digits);
    }

    private static String maskCards(String text) {
        if (!CHEAP_DIGIT_RUN.matcher(text).find()) {
            return text;
        }
        Matcher matcher = CARD_CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String digits = matcher.group().replaceAll("[ -]", "");
            String replacement = luhnValid(digits) ? "****" + digits.substring(digits.length() - 4) : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
