package till.bench;

/** One measurement of issue 7. Each gets a fresh cluster (node and data directory) of its own. */
abstract class Scenario {
    final String name;
    final String title;
    /** True when it pays invoices through the simulated node's payer, which a real node does not have. */
    final boolean needsSimulatedPayer;

    Scenario(String name, String title, boolean needsSimulatedPayer) {
        this.name = name;
        this.title = title;
        this.needsSimulatedPayer = needsSimulatedPayer;
    }

    abstract ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception;
}
