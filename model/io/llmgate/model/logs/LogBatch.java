package io.llmgate.model.logs;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries the writer gathers for one write. On PostgreSQL each entry's COPY rows are encoded when it is added —
 * milliseconds after a request thread built it, while its objects are still in the CPU's caches — and the entry
 * itself is let go unless a sink needs it, so young collections do not copy it either. Elsewhere the entries wait
 * for the INSERT batch. Reused from batch to batch.
 */
public final class LogBatch {

    private final RequestLogStore store;
    private final boolean keepEntries;
    private final int entriesHint;
    private final List<LogEntry> entries;
    private boolean layoutKnown;
    private PostgresCopy.Buffer copy;
    private int size;
    private int unencodable;
    private Exception firstFailure;

    LogBatch(RequestLogStore store, boolean keepEntries, int entriesHint) {
        this.store = store;
        this.keepEntries = keepEntries;
        this.entriesHint = entriesHint;
        this.entries = new ArrayList<>(entriesHint);
    }

    /**
     * Adds an entry; on PostgreSQL its rows are encoded now. An entry that cannot be encoded is not added but counted
     * ({@link #unencodable()}).
     */
    public void add(LogEntry entry) {
        if (!layoutKnown && size == 0) {
            try {
                layout();
            } catch (RuntimeException unreachable) {
                // the database cannot be asked yet: the entries wait as they are, the write finds out (and retries)
            }
        }
        if (copy != null && !encoded(entry)) {
            return;
        }
        if (copy == null || keepEntries) {
            entries.add(entry);
        }
        size++;
    }

    public int size() {
        return size;
    }

    /** Entries dropped since the last {@link #clear()} because their rows could not be encoded. */
    public int unencodable() {
        return unencodable;
    }

    /** Why the first of them could not be, or null. */
    public Exception firstFailure() {
        return firstFailure;
    }

    /** The entries themselves, for sinks: all of them when the batch keeps entries, else only those not encoded. */
    public List<LogEntry> entries() {
        return entries;
    }

    public void clear() {
        entries.clear();
        if (copy != null) {
            copy.clear();
        }
        size = 0;
        unencodable = 0;
        firstFailure = null;
    }

    /** Asks the store how rows are written (once), and encodes entries that waited for the answer. */
    void layout() {
        if (layoutKnown) {
            return;
        }
        copy = store.copyBuffer(entriesHint);
        layoutKnown = true;
        if (copy != null && !entries.isEmpty()) {
            List<LogEntry> waiting = List.copyOf(entries);
            entries.clear();
            size = 0;
            for (LogEntry entry : waiting) {
                if (encoded(entry)) {
                    size++;
                    if (keepEntries) {
                        entries.add(entry);
                    }
                }
            }
        }
    }

    private boolean encoded(LogEntry entry) {
        try {
            copy.add(entry);
            return true;
        } catch (SQLException | RuntimeException e) {
            unencodable++;
            if (firstFailure == null) {
                firstFailure = e;
            }
            return false;
        }
    }

    /** Encoded COPY rows, or null when the entries are written as they are. */
    PostgresCopy.Buffer copyRows() {
        return copy;
    }
}
