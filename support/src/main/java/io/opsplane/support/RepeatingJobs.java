package io.opsplane.support;

import java.time.Duration;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Jobs that repeat at an interval in Quartz's clustered job store, set up one way everywhere: durable, and after
 * downtime one run catches up with everything due, never a burst of missed runs.
 */
public final class RepeatingJobs {

    /** Where Spring's {@code SchedulerAccessor} looks for a trigger's job. */
    private static final String SPRING_JOB_DETAIL_KEY = "jobDetail";

    private RepeatingJobs() {
    }

    /** The job, named in its group, with a description the Quartz tables and thread dumps show. */
    public static JobDetail job(Class<? extends Job> type, String group, String name, String description) {
        return JobBuilder.newJob(type).withIdentity(name, group).withDescription(description).storeDurably().build();
    }

    /**
     * The job and its trigger as one Spring bean: Spring's scheduler factory finds the job under the trigger's
     * {@code jobDetail} entry (as its own trigger factory beans leave it there) and stores both.
     */
    public static Trigger scheduled(Class<? extends Job> type, String group, String name, String description,
                                    Duration interval) {
        JobDetail job = job(type, group, name, description);
        Trigger trigger = every(job, interval);
        trigger.getJobDataMap().put(SPRING_JOB_DETAIL_KEY, job);
        return trigger;
    }

    /** Its trigger, under the job's own name, every {@code interval}. */
    public static Trigger every(JobDetail job, Duration interval) {
        return TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getKey().getName(), job.getKey().getGroup())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(Math.max(1, interval.toMillis())).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
