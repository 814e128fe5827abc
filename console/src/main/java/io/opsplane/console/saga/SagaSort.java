package io.opsplane.console.saga;

import java.util.Locale;

/**
 * The orders a saga list can take. Every order ends with the saga id, so that keyset paging through equal times is
 * stable. Sagas without the time sorted on (stuck since, for sagas that are not stuck) come last either way.
 */
public enum SagaSort {
    /** Newest started first: the default. */
    NEWEST("started_at", false, "newest first"),
    /** Oldest started first. */
    OLDEST("started_at", true, "oldest first"),
    /** Longest without progress first: the time waiting. */
    WAITING("last_progress_at", true, "waiting longest first"),
    /** Most recent progress first. */
    PROGRESS("last_progress_at", false, "latest progress first"),
    /** Stuck longest first: the default of a list of stuck sagas. */
    STUCK("stuck_since", true, "stuck longest first");

    final String column;
    final boolean ascending;
    final boolean nullable;
    private final String words;

    SagaSort(String column, boolean ascending, String words) {
        this.column = column;
        this.ascending = ascending;
        this.nullable = column.equals("stuck_since");
        this.words = words;
    }

    /** The order a list takes when none is asked for: stuck longest first for stuck sagas, else newest first. */
    public static SagaSort defaultFor(SagaFilter filter) {
        return filter.status() == SagaStatus.STUCK || filter.stuckLongerThan() != null ? STUCK : NEWEST;
    }

    /** As the REST API and console URLs name it: "newest", "stuck"… */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SagaSort fromParameter(String text) {
        for (SagaSort sort : values()) {
            if (sort.parameter().equalsIgnoreCase(text.trim())) {
                return sort;
            }
        }
        throw new IllegalArgumentException("sort must be one of newest, oldest, waiting, progress, stuck, not '"
                + text + "'");
    }

    /** What the list shows, said to the person reading it. */
    public String words() {
        return words;
    }
}
