package till.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import till.store.Database;

/**
 * The bench command's options. {@code java} is the JVM that runs Till and the simulated node; {@code databases} is
 * empty unless chosen (then: H2, and PostgreSQL when installed); {@code processes} are the numbers of Till processes
 * to run on PostgreSQL.
 */
record BenchOptions(Set<String> scenarios, int runs, int heavyRuns, boolean quick, Path outDir, String java,
                    Set<Database.Kind> databases, Set<Integer> processes, boolean help) {

    static final List<String> ALL = List.of(InvoiceCreationScenario.NAME, PaymentNotificationScenario.NAME,
            WaitingSocketsScenario.NAME, SettlementScenario.NAME, StorageScenario.NAME, OnchainNotificationScenario.NAME);

    static BenchOptions parse(String[] args) {
        Set<String> scenarios = new LinkedHashSet<>();
        int runs = 3;
        Integer heavyRuns = null;
        boolean quick = false;
        boolean help = false;
        Set<Database.Kind> databases = EnumSet.noneOf(Database.Kind.class);
        Set<Integer> processes = new TreeSet<>();
        Path outDir = Path.of("target", "bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenario" -> {
                    String name = value(args, ++i);
                    if (!ALL.contains(name)) {
                        throw new IllegalArgumentException("unknown scenario " + name + "; one of " + ALL);
                    }
                    scenarios.add(name);
                }
                case "--runs" -> runs = positive(args, ++i);
                case "--heavy-runs" -> heavyRuns = positive(args, ++i);
                case "--database" -> {
                    for (String name : list(args, ++i)) {
                        databases.add(database(name));
                    }
                }
                case "--processes" -> {
                    for (String n : list(args, ++i)) {
                        processes.add(positive(args[i - 1], n));
                    }
                }
                case "--quick" -> quick = true;
                case "--out" -> outDir = Path.of(value(args, ++i));
                case "--java" -> java = value(args, ++i);
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(ALL);
        }
        if (processes.isEmpty()) {
            processes.addAll(List.of(1, 2));
        }
        // The heavy scenarios (10,000 sockets, a 60 s settlement run) take minutes each: once unless asked.
        return new BenchOptions(scenarios, runs, heavyRuns == null ? 1 : heavyRuns, quick, outDir, java, databases,
                processes, help);
    }

    /**
     * What {@code scenario} runs on, in this order: H2, then PostgreSQL with each number of processes; a scenario that
     * does not compare databases runs on H2 alone (nothing when H2 was not chosen).
     */
    List<Variant> variants(Scenario scenario, boolean postgresInstalled) {
        List<Variant> variants = new ArrayList<>();
        for (Database.Kind kind : databases(postgresInstalled)) {
            if (kind == Database.Kind.H2) {
                variants.add(Variant.H2);
            } else if (scenario.comparesDatabases) {
                processes.forEach(n -> variants.add(new Variant(kind, n)));
            }
        }
        return variants;
    }

    /** The databases chosen, or by default H2 and, when it is installed, PostgreSQL. */
    Set<Database.Kind> databases(boolean postgresInstalled) {
        if (!databases.isEmpty()) {
            return databases;
        }
        return postgresInstalled ? EnumSet.allOf(Database.Kind.class) : EnumSet.of(Database.Kind.H2);
    }

    /** {@code full} for a real run, {@code quick} with --quick. */
    int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    List<String> scenarioList() {
        return new ArrayList<>(scenarios);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(String[] args, int i) {
        return positive(args[i - 1], value(args, i));
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a positive whole number");
        }
    }

    /** A comma-separated value: {@code h2,postgresql}. */
    private static List<String> list(String[] args, int i) {
        return List.of(value(args, i).split(","));
    }

    private static Database.Kind database(String name) {
        for (Database.Kind kind : Database.Kind.values()) {
            if (kind.label().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown database " + name + "; h2 or postgresql");
    }

    static String usage() {
        return """
                Usage: java -jar till.jar bench [options]      (or ./run.sh bench [options])
                Starts a simulated Core Lightning node and Till as separate JVMs (-Xmx512m), measures each scenario,
                prints the tables and writes them as JSON to <out>/results-<time>.json and <out>/latest.json.
                With CLN_REST_URL (and CLN_RUNE, CLN_CA_CERT or CLN_TLS_INSECURE) set, Till runs against that node
                instead, and the scenarios that need the simulator's payer are skipped.

                  --scenario NAME   run only this scenario (repeatable); default all of:
                                      invoice-creation      POST /invoice/add at concurrency 1, 16, 64
                                      payment-notification  node marks paid -> WebSocket message, webhook
                                      waiting-sockets       10,000 open invoice WebSockets, then a payment burst
                                      settlement            payments settled per second over 60 s, webhooks, backlog
                                      storage               1,000,000 stored transactions: size, lookups, start-up
                                      onchain-notification  on-chain broadcast -> processing callback, block -> paid
                  --runs N          repeat each measurement N times and report the median (default 3)
                  --heavy-runs N    the same for waiting-sockets and settlement (default 1)
                  --database LIST   h2, postgresql or both (h2,postgresql); default both, PostgreSQL only when
                                    installed (Debian's postgresql package: a throw-away cluster is started).
                                    invoice-creation, payment-notification and settlement run on each; the
                                    other scenarios run on H2 only
                  --processes LIST  how many Till processes share the PostgreSQL database, one variant each
                                    (default 1,2); H2 has one
                  --quick           small sizes for a smoke run (200 invoices, 500 sockets, 10 s, 20,000 rows, 20 charges)
                  --out DIR         where the JSON goes (default target/bench)
                  --java PATH       the java that runs Till and the node (default: the one running the bench)
                  --help            this text
                Needs about 2 GB of memory and, for 10,000 sockets, ulimit -n of at least 12,000.""";
    }
}
