package till.bench;

/** One measurement of issue 7. Each gets a fresh cluster (node and data directory) of its own. */
interface Scenario {
    String name();

    String title();

    /** True when it pays invoices through the simulated node's payer, which a real node does not have. */
    boolean needsSimulatedPayer();

    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception;
}
