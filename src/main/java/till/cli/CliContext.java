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
     * Opens Till's database, as the server would: PostgreSQL when TILL_DATABASE_URL names it (Till may be running:
     * it is made for several processes), else the data directory's H2 file, which allows one process, so with Till
     * running this refuses with {@code whileRunning} as the advice.
     */
    Database openDatabase(Config config, boolean mustExist, String whileRunning) {
        if (!config.database().embedded()) {
            return Database.open(config.dataDir(), config.database());
        }
        return openH2(config, mustExist, whileRunning);
    }

    /** The data directory's H2 file, whatever TILL_DATABASE_URL says, while Till is stopped (see {@link #openDatabase}). */
    Database openH2(Config config, boolean mustExist, String whileRunning) {
        if (mustExist && !Files.exists(config.dataDir().resolve(Database.FILE_NAME))) {
            throw CliException.failed("there is no database in " + config.dataDir()
                    + " (set TILL_DATA_DIR to Till's data directory, or TILL_DATABASE_URL to its PostgreSQL database)");
        }
        try {
            return Database.open(config.dataDir());
        } catch (Database.InUseException e) {
            throw CliException.failed("Till is running on " + config.dataDir() + " (its database is in use): " + whileRunning);
        }
    }
}
