package till;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Till or its simulated node as a separate JVM, so that tests can kill -9 it. Output goes to a log file. */
public final class ChildProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Runs {@code till.Till} with these arguments and environment, and waits until its output contains {@code ready}.
     * Like {@code run.sh}, the JVM exits when out of memory rather than running on with dead threads.
     */
    public static ChildProcess start(List<String> args, Map<String, String> env, Path log, String ready) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), "till.Till"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("TILL_") || key.startsWith("CLN_"));
        builder.environment().putAll(env);
        if (env.containsKey("TILL_DATA_DIR") && !env.containsKey("TILL_DATABASE_URL")) {
            builder.environment().putAll(TestDatabase.env(Path.of(env.get("TILL_DATA_DIR"))));
        }
        try {
            Process process = builder.start();
            CompletableFuture<Void> started = new CompletableFuture<>();
            Thread pump = new Thread(() -> copyOutput(process, log, ready, started), "child-output");
            pump.setDaemon(true);
            pump.start();
            try {
                // Generous: on a shared, loaded machine a JVM has been seen to take over a minute to start.
                started.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new AssertionError("child process did not become ready (" + ready + "); the end of " + log
                        + ":\n" + tail(log, 40), e);
            }
            return new ChildProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyOutput(Process process, Path log, String ready, CompletableFuture<Void> started) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.contains(ready)) {
                    started.complete(null);
                }
            }
        } catch (IOException ignored) {
            // the process was killed
        }
        started.completeExceptionally(new IllegalStateException("process exited"));
    }

    /** The last {@code lines} lines of a log, for a failure's message: the test's temporary directory goes with it. */
    private static String tail(Path log, int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Waits (up to 30 s) for a process that is ending by itself. */
    public void waitForExit() {
        waitFor();
    }

    /** The exit code; only after the process ended. */
    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        waitFor();
        if (process.isAlive()) {
            kill();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Duration timeout() {
        return Duration.ofSeconds(60);
    }
}
