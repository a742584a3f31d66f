package till.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import till.ChildProcess;
import till.TestTill;
import till.TillClient;

/**
 * One of several Till processes on one database: a separate JVM on a port and data directory of its own, under its
 * own {@code TILL_PROCESS_NAME}, that can be killed -9 and started again on the same port.
 */
final class TillProcess implements AutoCloseable {
    private static final String READY = "Till is running at";

    final String name;
    final TillClient client;
    private final Map<String, String> env;
    private final Path log;
    private ChildProcess process;

    /** {@code shared}: the settings every process gets (node, database, admin key...). */
    TillProcess(String name, Path root, Map<String, String> shared) {
        int port = ChildProcess.freePort();
        this.name = name;
        this.client = new TillClient("http://127.0.0.1:" + port);
        this.env = new HashMap<>(shared);
        env.put("TILL_PORT", Integer.toString(port));
        env.put("TILL_DATA_DIR", root.resolve(name).toString());
        env.put("TILL_PROCESS_NAME", name);
        this.log = root.resolve(name + ".log");
    }

    /** Starts (or starts again) and waits until it serves. */
    void start() {
        process = ChildProcess.start(List.of(), env, log, READY);
    }

    /** kill -9. */
    void kill() {
        process.kill();
    }

    /** {@code /health} with the operator's details, or empty while the process is down. */
    Optional<JsonNode> health() {
        try {
            return Optional.ofNullable(client.get("/health", TestTill.ADMIN_KEY).json());
        } catch (RuntimeException down) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
