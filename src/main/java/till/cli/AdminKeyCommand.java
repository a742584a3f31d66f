package till.cli;

import java.nio.file.Files;
import java.util.Set;
import till.account.AdminKey;
import till.account.AdminKeyStore;
import till.config.Config;
import till.store.Database;

/** {@code admin-key rotate}: a new admin key, printed once; only its hash is stored. */
final class AdminKeyCommand {
    private AdminKeyCommand() {}

    static Command rotate() {
        return new Command("admin-key rotate", "replace the admin key and print the new one once",
                """
                Usage: java -jar till.jar admin-key rotate
                Makes a new admin key, prints it once and stores only its SHA-256 hash: in <data dir>/admin-key.sha256,
                or with TILL_DATABASE_URL in the PostgreSQL database, for every Till process on it. The old key stops
                working when Till starts again: on H2 Till must be stopped; on PostgreSQL restart each process.
                TILL_ADMIN_KEY, when set, wins over the stored hash: change or unset it too.
                """, Set.of(), AdminKeyCommand::run);
    }

    private static int run(Options options, CliContext context) throws Exception {
        options.noPositional();
        Config config = context.config();
        Files.createDirectories(config.dataDir());
        String key;
        // On H2, opening the database also makes sure Till is stopped: it would keep accepting the old key.
        try (Database database = context.openDatabase(config, false,
                "stop Till first, then rotate the key and start it again")) {
            key = AdminKey.rotate(AdminKeyStore.of(database, config.dataDir()));
        }
        context.out().println("New admin key (shown once, keep it safe): " + key);
        if (!config.database().embedded()) {
            context.out().println("Running Till processes keep the old key until they restart: restart each one.");
        }
        if (config.adminKey() != null) {
            context.out().println("Note: TILL_ADMIN_KEY is set and overrides this key until you change or unset it.");
        }
        return 0;
    }
}
