package till.dashboard.operator;

import till.fiat.LiveRates;
import till.invoice.WatcherStatus;
import till.onchain.OnchainStatus;

/**
 * Everything the operator's view shows, read at once. {@code receiveWarning} is null while the node's channels are
 * unknown; {@code onchain} null when charges are Lightning-only; {@code liveRates} null for fixed or simulated rates.
 */
public record OperatorSnapshot(AccountsPage accounts, NodeReport node, ReceiveWarning receiveWarning,
                               WatcherStatus watcher, WebhookBacklog webhooks, OnchainStatus onchain, String ratesSource,
                               LiveRates.State liveRates, String version) {}
