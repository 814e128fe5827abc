package io.opsplane.support;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * A job whose every run is one call on a bean (a pass, a sample, a check). The subclass names the call in its
 * constructor, where Spring's job factory hands it the bean, so the class Quartz stores stays the feature's own;
 * it carries {@code @DisallowConcurrentExecution} itself, where runs must not overlap.
 */
public abstract class SingleCallJob implements Job {

    private final Runnable call;

    protected SingleCallJob(Runnable call) {
        this.call = call;
    }

    @Override
    public final void execute(JobExecutionContext context) {
        call.run();
    }
}
