package till.invoice;

import till.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import till.account.AccountService;
import till.node.LightningNode;
import till.node.cln.SimLightning;
import till.node.sim.SimNode;
import till.store.Database;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;

/**
 * The invoice core as Till wires it ({@link InvoiceCore#wire}), over a database and a simulated node in {@code dir},
 * for tests that drive the core without the HTTP server. Closes all of it, the core first.
 */
public final class InvoiceCoreHarness implements AutoCloseable {
    public final SimNode node;
    public final Database database;
    public final LightningNode client;
    public final AccountService accounts;
    public final InvoiceCore core;

    private InvoiceCoreHarness(Path dir, Clock clock, int feePpm, boolean allowPrivateWebhooks) {
        node = SimNode.start(0, dir.resolve("node"), clock);
        database = TestDatabase.open(dir.resolve("till"));
        client = SimLightning.node(node);
        accounts = new AccountService(database.jdbi(), clock, feePpm);
        core = InvoiceCore.wire(database, client, accounts, new WebhookOutbox(clock),
                new WebhookUrlGuard(allowPrivateWebhooks), clock).start();
    }

    public static InvoiceCoreHarness start(Path dir, Clock clock, int feePpm, boolean allowPrivateWebhooks) {
        return new InvoiceCoreHarness(dir, clock, feePpm, allowPrivateWebhooks);
    }

    @Override
    public void close() {
        core.close();
        client.close();
        database.close();
        node.close();
    }
}
