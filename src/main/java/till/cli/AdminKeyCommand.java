package till.cli;

import java.nio.file.Files;
import java.util.Set;
import till.config.Config;
import till.account.AdminKey;
import till.store.Database;

/** {@code admin-key rotate}: a new admin key, printed once; only its hash is stored. */
final class AdminKeyCommand {
    private AdminKeyCommand() {}

    static Command rotate() {
        return new Command("admin-key rotate", "replace the admin key and print the new one once",
                """
                Usage: java -jar till.jar admin-key rotate
                Makes a new admin key, prints it once and stores only its SHA-256 hash in <data dir>/admin-key.sha256;
                the old key stops working. Till must be stopped (a running Till keeps the key it started with).
                TILL_ADMIN_KEY, when set, wins over the stored hash: change or unset it too.
                """, Set.of(), AdminKeyCommand::run);
    }

    private static int run(Options options, CliContext context) throws Exception {
        options.noPositional();
        Config config = context.config();
        Files.createDirectories(config.dataDir());
        if (Files.exists(config.dataDir().resolve(Database.FILE_NAME))) {
            // Only to be sure Till is stopped: it would keep accepting the old key until restarted.
            context.openStopped(config, true, "stop Till first, then rotate the key and start it again").close();
        }
        String key = AdminKey.rotate(config.dataDir());
        context.out().println("New admin key (shown once, keep it safe): " + key);
        if (config.adminKey() != null) {
            context.out().println("Note: TILL_ADMIN_KEY is set and overrides this key until you change or unset it.");
        }
        return 0;
    }
}
