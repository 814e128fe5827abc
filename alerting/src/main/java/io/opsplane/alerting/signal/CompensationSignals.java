package io.opsplane.alerting.signal;

import java.util.List;

/**
 * What alerting asks of the compensation feature: compensation actions whose effect was not
 * verified, or that failed. Until an implementation is present, rules of that kind evaluate to "no data".
 */
public interface CompensationSignals {

    /** One entry per saga type, step and outcome (null filters match any). */
    List<CompensationProblems> problems(String sagaType, String step);

    enum Outcome { UNVERIFIED, FAILED }

    record CompensationProblems(String sagaType, String step, Outcome outcome, long count, List<String> sampleIds) {
    }
}
