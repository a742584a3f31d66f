package till.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Till or the simulated node as a separate JVM of the same code, so that the bench's own load generation does not
 * share a heap, a garbage collector or JIT threads with what it measures. Output goes to a log file.
 */
final class ChildJvm implements AutoCloseable {
    static final String HEAP = "-Xmx512m";

    private final Process process;
    private final long startedNanos;

    private ChildJvm(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** {@code java -Xmx512m -cp <this class path> till.Till args...}: works from the shaded jar and from tests alike. */
    static ChildJvm start(String java, List<String> args, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-cp", System.getProperty("java.class.path"), "till.Till"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The bench's own TILL_/CLN_ settings must not leak into a child: it gets exactly what the bench decides.
        builder.environment().keySet().removeIf(key -> key.startsWith("TILL_") || key.startsWith("CLN_"));
        builder.environment().putAll(env);
        try {
            long started = System.nanoTime();
            return new ChildJvm(builder.start(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + java, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** When the process was started, on the {@link System#nanoTime()} clock. */
    long startedNanos() {
        return startedNanos;
    }

    /** A normal stop (SIGTERM, so that Till closes its database cleanly), then a kill after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
