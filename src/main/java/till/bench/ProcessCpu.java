package till.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A child process's CPU time from the outside (Linux /proc), so that the bench can tell what each request cost. */
final class ProcessCpu {
    /** Clock ticks per second of /proc's times: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_MS = 0.1;

    private ProcessCpu() {}

    /** User plus system CPU time of {@code pid} so far, in milliseconds; NaN where it cannot be read. */
    static double ms(long pid) {
        String[] fields = fields(pid);
        return fields == null ? Double.NaN : (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_MS;
    }

    /**
     * The same for {@code pid} and its children, those running and those that have ended (a PostgreSQL server and
     * its backends); NaN where it cannot be read.
     */
    static double withChildrenMs(long pid) {
        String[] fields = fields(pid);
        if (fields == null) {
            return Double.NaN;
        }
        // Its own time, and that of the children it has waited for (cutime, cstime).
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] child = fields(Long.parseLong(process.getFileName().toString()));
                if (child != null && child[1].equals(Long.toString(pid))) {
                    ticks += Long.parseLong(child[11]) + Long.parseLong(child[12]);
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / TICKS_PER_MS;
    }

    /** /proc/pid/stat's fields after the command name (state, ppid, ...); null where it cannot be read. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name is in parentheses and may contain spaces: utime and stime are the 12th and 13th
            // fields after it, cutime and cstime the 14th and 15th.
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or no such process (a real node, or one that just ended)
        }
    }
}
