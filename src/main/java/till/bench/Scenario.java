package till.bench;

/** One measurement of issue 7. Each gets a fresh cluster (node and database) of its own, for each variant it runs on. */
abstract class Scenario {
    final String name;
    final String title;
    /** True when it pays invoices through the simulated node's payer, which a real node does not have. */
    final boolean needsSimulatedPayer;
    /** True when it runs on each database chosen (and PostgreSQL with each number of Till processes), not H2 alone. */
    final boolean comparesDatabases;

    Scenario(String name, String title, boolean needsSimulatedPayer, boolean comparesDatabases) {
        this.name = name;
        this.title = title;
        this.needsSimulatedPayer = needsSimulatedPayer;
        this.comparesDatabases = comparesDatabases;
    }

    abstract ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception;
}
