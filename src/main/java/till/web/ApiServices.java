package till.web;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import till.cluster.LeaseKeeper;
import till.invoice.WatcherStatus;
import till.account.AccountService;
import till.account.AdminKey;
import till.charge.ChargeService;
import till.fiat.Rates;
import till.invoice.InvoiceCore;
import till.metrics.MetricsEndpoint;
import till.node.LightningNode;
import till.node.sim.SimNode;
import till.payment.IdempotencyKeys;
import till.onchain.OnchainStatus;
import till.payment.OutgoingPayments;
import till.refund.RefundService;
import till.store.Database;
import till.webhook.WebhookLog;
import till.withdrawal.WithdrawalCallbacks;

/**
 * What the HTTP API serves from, wired by {@code Till}: the services, and the web settings.
 * {@code simulator} is the embedded simulated node, or null with a real node; {@code watcher} the payment watcher's
 * status (this process's, or standby); {@code onchain} the on-chain watcher's, or null when charges are Lightning-only;
 * {@code lease} which process runs the watchers; {@code rates} where prices in fiat come from;
 * {@code withdrawalCallbacks} the callbacks OpenNode's withdrawals ask for.
 */
public record ApiServices(AccountService accounts, AdminKey adminKey, InvoiceCore invoices, WebhookLog webhooks,
                          ChargeService charges, RefundService refunds, OutgoingPayments payments, IdempotencyKeys idempotencyKeys,
                          Database database, LightningNode node, Supplier<WatcherStatus> watcher, Supplier<OnchainStatus> onchain,
                          LeaseKeeper lease,
                          SimNode simulator, MetricsEndpoint metrics, Rates rates, WithdrawalCallbacks withdrawalCallbacks) {

    /** Where links point, what /version says, and the limits of the HTTP and WebSocket layer. */
    public record Settings(Supplier<String> publicUrl, String version, CreationLimits limits, Duration httpIdleTimeout,
                           SocketCaps socketCaps, Clock clock) {}
}
