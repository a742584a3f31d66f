package till;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import till.bench.ThrowawayPostgres;
import till.node.sim.SimNode;
import till.store.Database;
import till.store.DatabaseSetting;

/**
 * Two Till processes' worth (two Tills in this JVM, each with its own pool, dispatcher and limiters) on one new
 * PostgreSQL database of the test cluster, both on one standalone simulated node. For tests of what must hold across
 * processes; such a test is {@link FirstRunOnly}.
 */
public final class TillPair implements AutoCloseable {
    public final SimNode node;
    public final TestTill first;
    public final TestTill second;
    private final String database;

    private TillPair(SimNode node, TestTill first, TestTill second, String database) {
        this.node = node;
        this.first = first;
        this.second = second;
        this.database = database;
    }

    /** Starts both Tills with {@code env} beside the node's and the database's settings. */
    public static TillPair start(Map<String, String> env) {
        ThrowawayPostgres pg = TestPostgres.cluster();
        String database = pg.newDatabase();
        Map<String, String> all = new HashMap<>(env);
        all.putAll(pg.env(database));
        SimNode node = SimNode.start(0, TestTill.tempDir());
        all.put("CLN_REST_URL", node.baseUrl());
        all.put("CLN_RUNE", "any");
        TestTill first = null;
        try {
            first = TestTill.start(TestTill.tempDir(), all);
            return new TillPair(node, first, TestTill.start(TestTill.tempDir(), all), database);
        } catch (RuntimeException | Error e) {
            if (first != null) {
                first.close();
            }
            node.close();
            throw e;
        }
    }

    /** Both Tills. */
    public List<TestTill> both() {
        return List.of(first, second);
    }

    /** The shared database, opened once more (the caller closes it): a third pool, to look or to set up. */
    public Database openDatabase() {
        ThrowawayPostgres pg = TestPostgres.cluster();
        return Database.open(TestTill.tempDir(), DatabaseSetting.of(pg.url(database), ThrowawayPostgres.USER, null));
    }

    /** Pays the invoice as a payer would, on the node: the Till holding the watcher settles it. */
    public void pay(String invoiceHash) {
        TillClient.Response paid = new TillClient(node.baseUrl()).post("/simulator/pay/" + invoiceHash, "", null);
        if (paid.status() != 200) {
            throw new AssertionError("the simulated payment failed: " + paid.body());
        }
    }

    @Override
    public void close() {
        try (SimNode n = node; TestTill a = first; TestTill b = second) {
            // closed in reverse order: the Tills, then the node
        }
    }
}
