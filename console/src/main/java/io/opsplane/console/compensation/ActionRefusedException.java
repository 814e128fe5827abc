package io.opsplane.console.compensation;

import java.util.List;

/** The saga's state, the definition or the rules do not allow the action; answered as a 409 problem. */
public class ActionRefusedException extends RuntimeException {

    private final transient List<String> problems;

    public ActionRefusedException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ActionRefusedException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
