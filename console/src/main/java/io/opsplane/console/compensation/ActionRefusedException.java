package io.opsplane.console.compensation;

import java.util.List;

import io.opsplane.console.text.Explained;
import io.opsplane.console.text.Phrase;

/**
 * The saga's state, the definition or the rules do not allow the action; answered as a 409 problem (in English),
 * shown on a page in its language ({@link #explanation}).
 */
public class ActionRefusedException extends RuntimeException implements Explained {

    private final transient List<Phrase> reasons;

    public ActionRefusedException(List<Phrase> reasons) {
        super(String.join("; ", reasons.stream().map(Phrase::english).toList()));
        this.reasons = List.copyOf(reasons);
    }

    public ActionRefusedException(Phrase reason) {
        this(List.of(reason));
    }

    /** Each reason in English, as the REST API names them. */
    public List<String> problems() {
        return reasons.stream().map(Phrase::english).toList();
    }

    public List<Phrase> reasons() {
        return reasons;
    }

    /** Every reason, one after the other. */
    @Override
    public Phrase explanation() {
        return Phrase.joined("list.semicolon", reasons);
    }
}
