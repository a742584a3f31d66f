package till.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import till.config.Config;
import till.account.Account;
import till.account.AccountService;
import till.account.Bpt;
import till.account.CreatedAccount;
import till.account.KeyKind;
import till.account.NewApiKey;
import till.store.Database;

/**
 * {@code account create}, {@code bpt create}, {@code key create} and {@code accounts list}, on Till's database (the H2
 * file of a stopped Till, or PostgreSQL, running or not).
 */
final class AccountCommands {
    /** While Till runs, the same is one curl away. */
    private static final String USE_THE_API = "stop Till first, or use its HTTP API with the admin key"
            + " (POST /accounts, POST /accounts/{id}/bpts, POST /accounts/{id}/keys, GET /accounts; see the README)";

    private AccountCommands() {}

    static List<Command> all() {
        return List.of(
                new Command("account create", "create an account and print its API key once",
                        """
                        Usage: java -jar till.jar account create --name NAME [--fee-ppm N]
                        Creates an account and prints its id and API key. The key is shown only here: Till keeps its hash.
                          --name NAME    the shop's name (1 to 100 characters)
                          --fee-ppm N    processing fee in parts per million, 0 to 1000000 (default TILL_FEE_PPM)
                        """, Set.of("name", "fee-ppm"), AccountCommands::createAccount),
                new Command("bpt create", "create a terminal (BPT) for an account",
                        """
                        Usage: java -jar till.jar bpt create --account ID --name NAME [--split N]
                        Creates a terminal (BPT) and prints its id, which is also the point of sale's address.
                          --account ID   the account's id
                          --name NAME    the terminal's name (1 to 100 characters), the default invoice description
                          --split N      splitBitcoinPercentage, 0 to 100 (default 100)
                        """, Set.of("account", "name", "split"), AccountCommands::createBpt),
                new Command("key create", "make another API key for an account and print it once",
                        """
                        Usage: java -jar till.jar key create --account ID --kind receive|full [--label LABEL]
                        Makes an API key and prints it. The key is shown only here: Till keeps its hash.
                          --account ID     the account's id
                          --kind KIND      receive: creates and reads invoices and charges only (give this one to a
                                           shop's plugin); full: everything the account may, paying included
                          --label LABEL    a note for the key list (at most 100 characters)
                        """, Set.of("account", "kind", "label"), AccountCommands::createKey),
                new Command("accounts list", "list the accounts, their balances and terminals",
                        """
                        Usage: java -jar till.jar accounts list
                        Lists every account with its fee, balance and terminals.
                        """, Set.of(), AccountCommands::list));
    }

    private static int createAccount(Options options, CliContext context) throws Exception {
        options.noPositional();
        String name = name(options);
        Integer feePpm = options.intIn("fee-ppm", 0, 1_000_000, null);
        Config config = context.config();
        Files.createDirectories(config.dataDir());
        try (Database database = context.openDatabase(config, false, USE_THE_API)) {
            CreatedAccount account = accounts(database, config).createAccount(name, feePpm);
            context.out().println("Account " + account.id() + " \"" + account.name() + "\" created, fee " + account.feePpm() + " ppm.");
            context.out().println("API key (shown once, keep it safe): " + account.apiKey());
        }
        return 0;
    }

    private static int createBpt(Options options, CliContext context) {
        options.noPositional();
        String accountId = options.required("account");
        String name = name(options);
        int split = options.intIn("split", 0, 100, 100);
        Config config = context.config();
        try (Database database = context.openDatabase(config, true, USE_THE_API)) {
            AccountService accounts = accounts(database, config);
            accounts.findAccount(accountId).orElseThrow(() -> CliException.failed("no account has the id " + accountId));
            Bpt bpt = accounts.createBpt(accountId, name, split, null);
            context.out().println("Terminal (BPT) " + bpt.id() + " \"" + bpt.name() + "\" created for account " + accountId + ".");
            context.out().println("Point of sale: /pos/" + bpt.id());
        }
        return 0;
    }

    private static int createKey(Options options, CliContext context) {
        options.noPositional();
        String accountId = options.required("account");
        KeyKind kind;
        try {
            kind = KeyKind.valueOf(options.required("kind"));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--kind is receive or full");
        }
        String label = options.optional("label");
        if (label != null && label.length() > 100) {
            throw CliException.usage("--label is at most 100 characters");
        }
        Config config = context.config();
        try (Database database = context.openDatabase(config, true, USE_THE_API)) {
            AccountService accounts = accounts(database, config);
            accounts.findAccount(accountId).orElseThrow(() -> CliException.failed("no account has the id " + accountId));
            NewApiKey made = accounts.keys().create(accountId, kind, label);
            context.out().println("Key " + made.key().id() + " (" + kind + ") created for account " + accountId + ".");
            context.out().println("API key (shown once, keep it safe): " + made.apiKey());
        }
        return 0;
    }

    private static int list(Options options, CliContext context) {
        options.noPositional();
        Config config = context.config();
        try (Database database = context.openDatabase(config, true, USE_THE_API)) {
            AccountService accounts = accounts(database, config);
            List<Account> all = accounts.listAccounts();
            if (all.isEmpty()) {
                context.out().println("No accounts yet: java -jar till.jar account create --name NAME");
            }
            for (Account account : all) {
                context.out().printf("%s  %-30s  fee %7d ppm  balance %d msat%n", account.id(), account.name(),
                        account.feePpm(), account.balanceMsat());
                for (Bpt bpt : accounts.listBpts(account.id())) {
                    context.out().printf("    terminal %s  %s%n", bpt.id(), bpt.name());
                }
            }
        }
        return 0;
    }

    private static String name(Options options) {
        String name = options.required("name");
        if (name.length() > 100) {
            throw CliException.usage("--name is at most 100 characters");
        }
        return name;
    }

    private static AccountService accounts(Database database, Config config) {
        return new AccountService(database.jdbi(), Clock.systemUTC(), config.feePpm());
    }
}
