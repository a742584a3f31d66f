package till.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import till.RequiredTool;

/**
 * Node.js and npm from the PATH, for tests that run real JavaScript clients. Without them such a test is skipped
 * loudly, except under CI, where a missing Node.js is a failure (CI installs Debian's {@code nodejs} and {@code npm}).
 */
final class NodeJs {
    static final String MISSING = "Node.js and npm are not installed, so the tests of the npm OpenNode client cannot "
            + "run. Install them with: sudo apt-get install nodejs npm";

    /** What a process printed, and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {}

    private NodeJs() {}

    /** Whether node and npm are there; says so loudly when they are not, and fails under CI, where they must be. */
    static boolean available() {
        if (onPath("node").isPresent() && onPath("npm").isPresent()) {
            return true;
        }
        return RequiredTool.missing(MISSING);
    }

    /**
     * A copy of {@code project} (a package.json, its package-lock.json and scripts) under {@code target/}, with its
     * dependencies installed by {@code npm ci} exactly as the lock pins them: again only when the lock changed.
     */
    static Path installed(Path project, Path into) {
        try {
            Path lock = project.resolve("package-lock.json");
            boolean current = Files.isDirectory(into.resolve("node_modules"))
                    && Files.exists(into.resolve("package-lock.json"))
                    && Files.mismatch(lock, into.resolve("package-lock.json")) == -1;
            Files.createDirectories(into);
            try (var files = Files.list(project)) {
                for (Path file : files.toList()) {
                    Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!current) {
                Run ci = run(into, Map.of(), Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund");
                if (ci.exitCode() != 0) {
                    fail("npm ci in " + into + " failed:\n" + ci.stdout() + ci.stderr());
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in {@code dir} with {@code env} added, waiting at most {@code timeout}. */
    static Run run(Path dir, Map<String, String> env, Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("node-out", ".txt");
            Path err = Files.createTempFile("node-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not end within " + timeout + ":\n" + Files.readString(out)
                        + Files.readString(err));
            }
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath(String program) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs.stream().map(dir -> dir.resolve(program)).filter(Files::isExecutable).findFirst();
    }
}
