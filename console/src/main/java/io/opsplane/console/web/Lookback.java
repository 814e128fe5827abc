package io.opsplane.console.web;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/** A lookback as the REST API takes it: "15m", "1h" or "PT6H", longer than zero and at most a given length. */
public final class Lookback {

    private Lookback() {
    }

    /** The lookback {@code text} names; a {@link BadParameterException} (400 naming {@code parameter}) otherwise. */
    public static Duration parse(String parameter, String text, Duration longest) {
        Duration lookback;
        try {
            lookback = DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, "must be a duration such as 15m or PT1H, not '" + text + "'");
        }
        if (lookback.isNegative() || lookback.isZero() || lookback.compareTo(longest) > 0) {
            throw new BadParameterException(parameter, "must be longer than zero and at most "
                    + DurationStyle.SIMPLE.print(longest));
        }
        return lookback;
    }
}
