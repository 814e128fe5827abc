package io.opsplane.console.ui.kit;

import java.util.List;
import java.util.function.Function;

import io.opsplane.console.security.masking.Masking;

/**
 * A titled part that shows what one reader gives: the part names its reader once, and everything it reads through
 * {@link #read} comes back masked for the current user, so no read path of the part can skip the masking.
 *
 * @param <R> the feature service the part reads
 */
public abstract class MaskedPart<R> extends TitledPart {

    private final R reader;
    private final Masking masking;

    /** {@code titleKey}: the bundle key of the heading; {@code reader}: what the part shows is read from it. */
    protected MaskedPart(String titleKey, R reader, Masking masking) {
        super(titleKey);
        this.reader = reader;
        this.masking = masking;
    }

    /** What {@code read} reads from the reader, as the current user may see it (a list element by element). */
    @SuppressWarnings("unchecked")
    protected final <T> T read(Function<? super R, T> read) {
        T value = read.apply(reader);
        // a list is masked element by element: masked whole, its elements would come back as untyped maps
        return value instanceof List<?> list ? (T) masking.forCurrentUser(list) : masking.forCurrentUser(value);
    }
}
