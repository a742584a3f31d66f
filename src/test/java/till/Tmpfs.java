package till;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a temporary directory, for a file system that is really full or really read-only: as root
 * (these tests' usual user) neither file modes nor a full quota stop a write. Mounting needs root (CAP_SYS_ADMIN);
 * without it the test is skipped, and says why.
 */
public final class Tmpfs implements AutoCloseable {
    public final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    public static Tmpfs mount(long sizeBytes) {
        Path dir = TestTill.tempDir();
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "tmpfs", dir.toString()),
                "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
        return new Tmpfs(dir);
    }

    public void remountReadOnly() {
        if (!run("mount", "-o", "remount,ro", dir.toString())) {
            throw new IllegalStateException("cannot remount " + dir + " read-only");
        }
    }

    @Override
    public void close() {
        run("umount", "-l", dir.toString());
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
