package io.opsplane.console.compensation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.opsplane.console.text.Phrase;

/** A preview validated without sending: every check with its result. {@code ok} when all passed. */
public record DryRun(ActionPreview preview, List<Check> checks, boolean ok) {

    /** What was checked and what was found, in words for any language; the REST API has them in English. */
    public record Check(@JsonIgnore Phrase subject, boolean ok, @JsonIgnore Phrase finding) {

        @JsonProperty("name")
        public String name() {
            return subject.english();
        }

        @JsonProperty("detail")
        public String detail() {
            return finding.english();
        }
    }
}
