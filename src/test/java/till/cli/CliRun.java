package till.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import till.ChildProcess;
import till.TestDatabase;
import till.TestTill;
import till.Till;

/** Runs a command line in-process on a data directory, capturing what it prints. */
record CliRun(int exitCode, String out, String err) {

    static CliRun on(Path dataDir, Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("TILL_DATA_DIR", dataDir.toString());
        if (!all.containsKey("TILL_DATABASE_URL")) {
            all.putAll(TestDatabase.env(dataDir));  // the database a Till on dataDir uses in this run
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Till::start);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun on(Path dataDir, String... args) {
        return on(dataDir, Map.of(), args);
    }

    /** Till as its own process on {@code dataDir}, as in production: then its database file is really locked. */
    static ChildProcess runningTill(Path dataDir, int port) {
        return ChildProcess.start(List.of(), Map.of("TILL_DATA_DIR", dataDir.toString(), "TILL_PORT", Integer.toString(port),
                "TILL_ADMIN_KEY", TestTill.ADMIN_KEY), dataDir.resolveSibling(dataDir.getFileName() + ".log"), "Till is running at");
    }

    /** The value after {@code label} on its line of the output. */
    String after(String label) {
        int at = out.indexOf(label);
        if (at < 0) {
            throw new AssertionError("no '" + label + "' in: " + out + err);
        }
        return out.substring(at + label.length()).lines().findFirst().orElseThrow().trim();
    }
}
