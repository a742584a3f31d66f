package till.dashboard.operator;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import till.fiat.LiveRates;
import till.fiat.Rates;
import java.util.function.Supplier;
import till.invoice.WatcherStatus;
import till.node.LightningNode;
import till.onchain.OnchainStatus;

/** Reads the {@link OperatorSnapshot}: the accounts, the node, the watchers, the webhook outbox, the rates. */
public final class OperatorView {
    private final AccountTotals accounts;
    private final LightningNode node;
    private final OversizedInvoices oversized;
    private final WebhookBacklogs webhooks;
    private final Supplier<WatcherStatus> watcher;
    private final Supplier<OnchainStatus> onchain;
    private final Rates rates;
    private final String version;

    /** {@code onchain} null: charges are Lightning-only. */
    public OperatorView(Jdbi jdbi, Clock clock, LightningNode node, Supplier<WatcherStatus> watcher, Supplier<OnchainStatus> onchain,
                        Rates rates, String version) {
        this.accounts = new AccountTotals(jdbi);
        this.node = node;
        this.oversized = new OversizedInvoices(jdbi, clock);
        this.webhooks = new WebhookBacklogs(jdbi);
        this.watcher = watcher;
        this.onchain = onchain;
        this.rates = rates;
        this.version = version;
    }

    /** With page {@code accountsPage} of the accounts. */
    public OperatorSnapshot read(int accountsPage) {
        NodeReport nodeReport = NodeReport.read(node);
        return new OperatorSnapshot(accounts.page(accountsPage), nodeReport,
                nodeReport.liquidity() == null ? null : oversized.above(nodeReport.liquidity()), watcher.get(),
                webhooks.read(), onchain == null ? null : onchain.get(), rates.source(),
                rates instanceof LiveRates live ? live.state() : null, version);
    }
}
