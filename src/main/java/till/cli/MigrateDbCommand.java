package till.cli;

import java.util.Optional;
import java.util.Set;
import till.account.AdminKeyFile;
import till.account.AdminKeyStore;
import till.config.Config;
import till.store.Database;
import till.store.copy.DatabaseCopy;

/**
 * {@code migrate-db}: moves a stopped H2 shop (the data directory's invoices.mv.db) into the empty PostgreSQL database
 * TILL_DATABASE_URL names, verified before it is committed.
 */
final class MigrateDbCommand {
    private MigrateDbCommand() {}

    static Command migrateDb() {
        return new Command("migrate-db", "copy the H2 database into the PostgreSQL database of TILL_DATABASE_URL",
                """
                Usage: java -jar till.jar migrate-db
                Copies every table of <data dir>/invoices.mv.db into the PostgreSQL database that TILL_DATABASE_URL
                (with TILL_DATABASE_USER and TILL_DATABASE_PASSWORD) names, in one transaction. Both are first migrated
                to this Till's schema. The copy is committed only if every table's row count and every account's ledger
                sum and balance are equal on both sides; otherwise nothing is written and the exit code is 1.
                Stop Till first. The PostgreSQL database must hold no accounts (make a new one with createdb).
                The admin key's hash moves too, unless the PostgreSQL database has one already.
                invoices.mv.db is only read: keep it as the backup of the shop before the move.
                """, Set.of(), MigrateDbCommand::run);
    }

    private static int run(Options options, CliContext context) throws Exception {
        options.noPositional();
        Config config = context.config();
        if (config.database().embedded()) {
            throw CliException.usage("set TILL_DATABASE_URL (and TILL_DATABASE_USER, TILL_DATABASE_PASSWORD) to the"
                    + " PostgreSQL database to move the shop into");
        }
        DatabaseCopy.Report report;
        String target;
        String adminKey;
        try (Database source = context.openH2(config, true,
                "stop it first: migrate-db copies a stopped shop");
             Database postgres = Database.open(config.dataDir(), config.database())) {
            target = postgres.location();
            report = DatabaseCopy.copy(source, postgres);
            adminKey = carryAdminKey(new AdminKeyFile(config.dataDir()), AdminKeyStore.of(postgres, config.dataDir()));
        } catch (DatabaseCopy.NotEmptyException | DatabaseCopy.MismatchException | Database.NewerSchemaException e) {
            throw CliException.failed(e.getMessage());
        }
        context.out().println("Copied " + config.dataDir().resolve(Database.FILE_NAME) + " into " + target + ":");
        context.out().printf("  %d tables, %d rows; %d accounts, ledger total %d msat%n", report.rows().size(),
                report.totalRows(), report.accounts(), report.ledgerMsat());
        context.out().println("  verified: every table's row count, every account's ledger sum and balance");
        context.out().println("  admin key: " + adminKey);
        context.out().println("Start Till with the same TILL_DATABASE_URL, TILL_DATABASE_USER and TILL_DATABASE_PASSWORD"
                + " (each process with them); it no longer reads invoices.mv.db, which stays as it was.");
        return 0;
    }

    /** The shop's admin key keeps working, unless the PostgreSQL database has a key of its own already. */
    private static String carryAdminKey(AdminKeyStore file, AdminKeyStore database) {
        Optional<String> shop = file.hash();
        if (shop.isEmpty()) {
            return database.hash().isPresent() ? "the PostgreSQL database's own" : "none yet (Till makes one on first start)";
        }
        return database.storeIfAbsent(shop.get()).equals(shop.get()) ? "the shop's, moved"
                : "the PostgreSQL database's own (it had one; the shop's is not used there)";
    }
}
