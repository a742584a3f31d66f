package till.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import till.dashboard.operator.OversizedInvoices;
import till.error.ErrorCode;
import till.fiat.LiveRates;
import till.fiat.Rates;
import java.util.Optional;
import java.util.function.Supplier;
import till.cluster.LeaseKeeper;
import till.invoice.WatcherState;
import till.invoice.WatcherStatus;
import till.node.LightningNode;
import till.node.Liquidity;
import till.onchain.OnchainStatus;
import till.node.NodeInfo;
import till.node.NodeRpcException;
import till.store.Database;
import till.store.StoreState;

/**
 * {@code GET /health}: the node, the database and the watcher, each asked now. Everyone sees the status and its
 * reason codes; the details (this process's name and whether it holds the watcher; the database; the node's id,
 * version, URL in errors; the watcher's cursor and holder; the on-chain watcher's block height and bitcoind peer; the
 * rate source's last fetch) only the operator. A process that does not hold the watcher is healthy while another does.
 * Every part is asked on its own, so one failing part is a reason, never an error of /health itself.
 */
final class Health {
    static final String SIMULATED_WARNING = "SIMULATED — no real money";

    private final LightningNode node;
    private final Database database;
    private final Supplier<WatcherStatus> watcher;
    private final Supplier<OnchainStatus> onchain;
    private final LeaseKeeper lease;
    private final boolean simulated;
    private final Rates rates;
    private final OversizedInvoices oversized;

    /** {@code onchain} null: charges are Lightning-only. */
    Health(LightningNode node, Database database, Supplier<WatcherStatus> watcher, Supplier<OnchainStatus> onchain,
           LeaseKeeper lease, boolean simulated, Rates rates, OversizedInvoices oversized) {
        this.node = node;
        this.database = database;
        this.watcher = watcher;
        this.onchain = onchain;
        this.lease = lease;
        this.simulated = simulated;
        this.rates = rates;
        this.oversized = oversized;
    }

    /** The report; {@code healthy} decides between 200 and 503. */
    record Report(boolean healthy, Map<String, Object> body) {}

    Report check(boolean detailed) {
        List<String> reasons = new ArrayList<>();
        Map<String, Object> nodeReport = nodeReport(reasons);
        StoreState store = database.state();
        reasons.addAll(store.reasons());
        Map<String, Object> watcherReport = watcherReport(reasons);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reasons.isEmpty() ? "ok" : "degraded");
        body.put("reasons", reasons);
        // Public: every page says so too, and a payer should know no real money moves.
        body.put("simulated", simulated);
        if (detailed) {
            body.put("process", Map.of("name", lease.processName(), "watcherHolder", lease.holds()));
            body.put("database", Map.of("kind", database.kind().label(), "location", database.location()));
            if (Boolean.TRUE.equals(nodeReport.get("reachable"))) {
                nodeReport.put("liquidity", liquidityReport());
            }
            body.put("node", nodeReport);
            body.put("db", store.summary());
            body.put("diskUsableBytes", store.usableBytes());
            body.put("watcher", watcherReport);
            body.put("onchain", onchainReport());
            body.put("rates", ratesReport());
        }
        return new Report(reasons.isEmpty(), body);
    }

    private Map<String, Object> nodeReport(List<String> reasons) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("simulated", simulated);
        if (simulated) {
            report.put("warning", SIMULATED_WARNING);
        }
        try {
            NodeInfo info = node.info();
            report.put("reachable", true);
            report.put("id", info.id());
            report.put("alias", info.alias());
            report.put("network", info.network());
            report.put("blockheight", info.blockheight());
            report.put("version", info.version());
        } catch (RuntimeException e) {
            reasons.add((e instanceof NodeRpcException ? ErrorCode.NODE_ERROR : ErrorCode.NODE_UNREACHABLE).code());
            report.put("reachable", false);
            report.put("error", e.getMessage());
        }
        return report;
    }

    /**
     * What the node can receive and send now, and how many open invoices are larger than it can receive. Not a
     * reason to be degraded: a node short of inbound liquidity still takes the smaller payments.
     */
    private Map<String, Object> liquidityReport() {
        Map<String, Object> report = new LinkedHashMap<>();
        try {
            Liquidity liquidity = Liquidity.of(node.channels());
            report.put("usableChannels", liquidity.usableChannels());
            report.put("receivableMsat", liquidity.receivableMsat());
            report.put("sendableMsat", liquidity.sendableMsat());
            report.put("openInvoicesAboveReceivable", oversized.above(liquidity).count());
        } catch (RuntimeException e) {
            report.put("error", e.getMessage());
        }
        return report;
    }

    /** Not a reason to be degraded: without the peer, payments are still found once mined. */
    private Map<String, Object> onchainReport() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("enabled", onchain != null);
        if (onchain != null) {
            OnchainStatus status = onchain.get();
            report.put("confirmations", status.confirmations());
            report.put("blockHeight", status.blockHeight());
            report.put("bitcoinPeer", status.peer());
        }
        return report;
    }

    /**
     * Where fiat prices come from and, for a live source, its last good fetch and last error. Not a reason: a shop
     * that prices in bitcoin needs no rates, and one that prices in fiat gets rates_unavailable, not a dead Till.
     */
    private Map<String, Object> ratesReport() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", rates.source());
        if (rates instanceof LiveRates live) {
            LiveRates.State state = live.state();
            report.put("provider", state.provider());
            report.put("fresh", state.fresh());
            if (state.fetchedAt() != null) {
                report.put("fetchedAt", state.fetchedAt());
            }
            report.put("lastError", state.lastError());
        } else {
            report.put("fresh", true);
        }
        return report;
    }

    private Map<String, Object> watcherReport(List<String> reasons) {
        Map<String, Object> report = new LinkedHashMap<>();
        Optional<String> holder = holder();
        try {
            WatcherStatus status = watcher.get();
            report.put("state", status.state());
            report.put("cursor", status.cursor());
            report.put("lastError", status.lastError());
            report.put("sinceUtc", status.since());
            if (status.state() == WatcherState.standby) {
                if (holder.isEmpty()) {
                    // Between a holder's death and the takeover (seconds), or no process can take it.
                    reasons.add("watcher_no_holder");
                }
            } else if (!status.healthy()) {
                reasons.add("watcher_" + status.state());
            }
        } catch (RuntimeException e) {
            // The watcher's cursor is read from the database; its failure is already a database reason.
            report.put("state", "unknown");
            if (!reasons.contains("database_unavailable")) {
                reasons.add("watcher_unknown");
            }
        }
        report.put("holder", holder.orElse(null));
        return report;
    }

    /** The process holding the watcher: this one, or the one the database names (unknown while it cannot be read). */
    private Optional<String> holder() {
        try {
            return lease.holder();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
