package till.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import till.config.Config;
import till.store.Database;

/**
 * What a command works with: the settings (the server's own, from the same environment), where to print, and how to
 * start a whole Till (for make-sample).
 */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err, TillStarter till) {

    Config config() {
        return Config.load(env);
    }

    /**
     * Opens the data directory's database while Till is stopped. H2's file mode allows one process, so with Till
     * running this refuses with {@code whileRunning} as the advice.
     */
    Database openStopped(Config config, boolean mustExist, String whileRunning) {
        if (mustExist && !Files.exists(config.dataDir().resolve(Database.FILE_NAME))) {
            throw CliException.failed("there is no database in " + config.dataDir()
                    + " (set TILL_DATA_DIR to Till's data directory)");
        }
        try {
            return Database.open(config.dataDir());
        } catch (Database.InUseException e) {
            throw CliException.failed("Till is running on " + config.dataDir() + " (its database is in use): " + whileRunning);
        }
    }
}
