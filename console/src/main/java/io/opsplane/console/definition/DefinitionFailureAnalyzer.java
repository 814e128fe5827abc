package io.opsplane.console.definition;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad saga definition into a start-up report that names the file, the line and the problem. */
class DefinitionFailureAnalyzer extends AbstractFailureAnalyzer<DefinitionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DefinitionException cause) {
        return new FailureAnalysis("Invalid saga definition: " + cause.getMessage(),
                "Fix the saga definition file named above (opsplane.sagas.locations says where definitions are read from).",
                cause);
    }
}
