package io.opsplane.console.security.masking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data found by its shape rather than by its field name: card numbers (13–19 digits,
 * spaces or dashes allowed, Luhn-valid) keep their last four digits ({@code ****1111}); e-mail
 * addresses become {@code [masked]}.
 */
public final class ValuePatterns {

    /** What a masked e-mail address (or any other masked value) reads as. */
    public static final String MASKED = "[masked]";

    /** Longer strings are masked whole: no regex runs over unbounded input. */
    public static final int MAX_SCANNED_LENGTH = 65_536;

    // Possessive and bounded quantifiers only, so a hostile value cannot make the scan backtrack.
    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![\\d])\\d(?:[ -]?+\\d){12,18}+(?![\\d])");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]{1,64}+@[A-Za-z0-9-]{1,63}+(?:\\.[A-Za-z0-9-]{1,63}+){1,8}+");

    private ValuePatterns() {
    }

    /** The text with every card number and e-mail address in it masked. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (text.length() > MAX_SCANNED_LENGTH) {
            return MASKED;
        }
        return maskEmails(maskCards(text));
    }

    private static String maskCards(String text) {
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

    private static String maskEmails(String text) {
        return EMAIL.matcher(text).replaceAll(Matcher.quoteReplacement(MASKED));
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
