package io.opsplane.console.ui.saga;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.opsplane.console.saga.SagaPage;
import io.opsplane.console.saga.SagaQueries;
import io.opsplane.console.saga.SagaSummary;

/**
 * Serves a grid's (offset, limit) requests from {@link SagaQueries}' keyset pages, so scrolling
 * through millions of sagas never asks the database for an OFFSET. It remembers the cursor at each
 * page start it has seen, and a few recent pages, for one filter at one moment ("now" is fixed, so
 * "stuck longer than" does not shift under the reader); what a page holds is the reader's to say.
 */
final class KeysetPages {

    static final int PAGE = 50;
    private static final int PAGES_KEPT = 8;

    /** The {@link #PAGE} sagas from a cursor on (null: the first page), as the user may see them. */
    private final Function<String, SagaPage> read;
    private final Instant now;
    /** cursors.get(i): where page i starts (null for the first page); only the pages reached so far. */
    private final List<String> cursors = new ArrayList<>();
    private final Map<Integer, SagaPage> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, SagaPage> eldest) {
            return size() > PAGES_KEPT;
        }
    };
    private boolean endReached;

    /** {@code now}: the moment {@code read} reads every page at (the grid says "how long ago" from it too). */
    KeysetPages(Function<String, SagaPage> read, Instant now) {
        this.read = read;
        this.now = now;
        cursors.add(null);
    }

    Instant now() {
        return now;
    }

    /** Rows offset..offset+limit-1, fewer at the end. */
    List<SagaSummary> rows(int offset, int limit) {
        List<SagaSummary> rows = new ArrayList<>(limit);
        int index = offset;
        while (rows.size() < limit) {
            SagaPage page = page(index / PAGE);
            if (page == null) {
                break;
            }
            int from = index % PAGE;
            if (from >= page.items().size()) {
                break;
            }
            int to = Math.min(page.items().size(), from + limit - rows.size());
            rows.addAll(page.items().subList(from, to));
            index += to - from;
            if (page.next() == null && to == page.items().size()) {
                break;
            }
        }
        return rows;
    }

    /** Page {@code number}, walking forward from the last known cursor if it was never reached; null past the end. */
    private SagaPage page(int number) {
        SagaPage cached = recent.get(number);
        if (cached != null) {
            return cached;
        }
        while (cursors.size() <= number) {
            if (endReached) {
                return null;
            }
            load(cursors.size() - 1);
        }
        return load(number);
    }

    private SagaPage load(int number) {
        SagaPage cached = recent.get(number);
        if (cached != null) {
            return cached;
        }
        SagaPage page = read.apply(cursors.get(number));
        recent.put(number, page);
        if (page.next() == null) {
            endReached = true;
        } else if (cursors.size() == number + 1) {
            cursors.add(page.next());
        }
        return page;
    }
}
