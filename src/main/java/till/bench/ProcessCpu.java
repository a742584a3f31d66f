package till.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A child process's CPU time from the outside (Linux /proc), so that the bench can tell what each request cost. */
final class ProcessCpu {
    /** Clock ticks per second of /proc's times: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_MS = 0.1;

    private ProcessCpu() {}

    /** User plus system CPU time of {@code pid} so far, in milliseconds; NaN where it cannot be read. */
    static double ms(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are
            // the 12th and 13th of them.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_MS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // not Linux, or no such process (a real node)
        }
    }
}
