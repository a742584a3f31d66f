package till.web;

import java.util.LinkedHashMap;
import java.util.Map;
import till.invoice.PaymentWatcher;
import till.invoice.WatcherStatus;
import till.node.ClnRestClient;
import till.node.NodeException;
import till.node.NodeInfo;
import till.store.Database;

/** {@code GET /health}: the node, the database and the watcher, each asked now. */
final class Health {
    static final String SIMULATED_WARNING = "SIMULATED — no real money";

    private final ClnRestClient node;
    private final Database database;
    private final PaymentWatcher watcher;
    private final boolean simulated;

    Health(ClnRestClient node, Database database, PaymentWatcher watcher, boolean simulated) {
        this.node = node;
        this.database = database;
        this.watcher = watcher;
        this.simulated = simulated;
    }

    /** The report; {@code healthy} decides between 200 and 503. */
    record Report(boolean healthy, Map<String, Object> body) {}

    Report check() {
        Map<String, Object> nodeReport = new LinkedHashMap<>();
        nodeReport.put("simulated", simulated);
        if (simulated) {
            nodeReport.put("warning", SIMULATED_WARNING);
        }
        boolean nodeOk;
        try {
            NodeInfo info = node.getInfo();
            nodeReport.put("reachable", true);
            nodeReport.put("id", info.id());
            nodeReport.put("alias", info.alias());
            nodeReport.put("network", info.network());
            nodeReport.put("blockheight", info.blockheight());
            nodeReport.put("version", info.version());
            nodeOk = true;
        } catch (NodeException e) {
            nodeReport.put("reachable", false);
            nodeReport.put("error", e.getMessage());
            nodeOk = false;
        }
        boolean dbOk = database.isHealthy();
        WatcherStatus watcherStatus = watcher.status();
        Map<String, Object> watcherReport = new LinkedHashMap<>();
        watcherReport.put("state", watcherStatus.state());
        watcherReport.put("cursor", watcherStatus.cursor());
        watcherReport.put("lastError", watcherStatus.lastError());
        watcherReport.put("sinceUtc", watcherStatus.since());

        boolean healthy = nodeOk && dbOk && watcherStatus.healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "degraded");
        if (!healthy) {
            body.put("reason", !dbOk ? "database unavailable" : !nodeOk ? "node unreachable" : "watcher " + watcherStatus.state());
        }
        body.put("simulated", simulated);
        body.put("node", nodeReport);
        body.put("db", dbOk ? "ok" : "unavailable");
        body.put("watcher", watcherReport);
        return new Report(healthy, body);
    }
}
