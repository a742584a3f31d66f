package till.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM's memory from the outside, adding nothing to Till: resident set size from /proc, and heap in use
 * right after a full collection from {@code jcmd GC.run} then {@code GC.heap_info} (the JDK's own tool).
 */
final class ProcessMemory {
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    /** Megabytes; NaN where they cannot be read (no /proc, no jcmd). */
    record Reading(double rssMb, double heapUsedAfterGcMb) {}

    private ProcessMemory() {}

    static Reading read(long pid, String java) {
        return new Reading(rssMb(pid), heapUsedAfterGcMb(pid, java));
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    static double heapUsedAfterGcMb(long pid, String java) {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd) || jcmd(jcmd, pid, "GC.run") == null) {
            return Double.NaN;
        }
        String info = jcmd(jcmd, pid, "GC.heap_info");
        return info == null ? Double.NaN : heapUsedMb(info);
    }

    /** Sums "used N[KMG]" of the heap's lines (one for G1 and ZGC, one per generation for Serial and Parallel). */
    static double heapUsedMb(String heapInfo) {
        double mb = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace")) {
                break; // what follows is not heap
            }
            Matcher used = USED.matcher(line);
            if (used.find()) {
                long n = Long.parseLong(used.group(1));
                mb += switch (used.group(2)) {
                    case "K" -> n / 1024.0;
                    case "M" -> n;
                    default -> n * 1024.0;
                };
                found = true;
            }
        }
        return found ? mb : Double.NaN;
    }

    private static String jcmd(Path jcmd, long pid, String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
