package io.opsplane.console.compensation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.opsplane.console.saga.SagaStatus;
import io.opsplane.console.text.Phrase;

/**
 * What an action would do to a saga, before anything is decided: whether the saga's state allows it (and if not,
 * why), the commands in the order they would be sent, the attempt it would be, and whether a second operator
 * would have to approve it. {@code attempt} goes back with the confirmation, so a confirmation based on an old
 * preview lands on the action that preview led to.
 */
public record ActionPreview(long sagaId, String sagaType, String correlationKey, SagaStatus sagaStatus,
                            ActionKind kind, String step, int attempt, boolean allowed, @JsonIgnore List<Phrase> reasons,
                            List<PlannedCommand> commands, boolean needsApproval) {

    /** Why the saga's state does not allow the action, in English. */
    @JsonProperty("problems")
    public List<String> problems() {
        return reasons.stream().map(Phrase::english).toList();
    }
}
