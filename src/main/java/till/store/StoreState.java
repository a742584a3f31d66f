package till.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The database as {@code /health} reports it: whether a query answers, whether H2 has it read-only, and the free
 * space of the data directory's file system ({@code usableBytes} -1 when the file system does not say).
 */
public record StoreState(boolean answers, boolean readOnly, long usableBytes) {
    /** Below this, the file system counts as full: H2 appends whole chunks, and a commit that cannot be written fails. */
    public static final long DISK_FULL_BELOW_BYTES = 8L * 1024 * 1024;

    public boolean diskFull() {
        return usableBytes >= 0 && usableBytes < DISK_FULL_BELOW_BYTES;
    }

    public boolean healthy() {
        return answers && !readOnly && !diskFull();
    }

    /** The reason codes of /health, empty when healthy. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        if (!answers) {
            reasons.add("database_unavailable");
        }
        if (readOnly) {
            reasons.add("database_read_only");
        }
        if (diskFull()) {
            reasons.add("disk_full");
        }
        return reasons;
    }

    /** One word for the details: ok, unavailable, read_only or disk_full. */
    public String summary() {
        return !answers ? "unavailable" : readOnly ? "read_only" : diskFull() ? "disk_full" : "ok";
    }
}
