package till.node.cln;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import till.node.LightningNode;
import till.node.NodeInvoice;
import till.node.sim.SimNode;

/** The simulated node as Till sees it: through the Core Lightning implementation of {@link LightningNode}. */
public final class SimLightning {
    private SimLightning() {}

    public static LightningNode node(SimNode sim) {
        return new ClnNode(new ClnRestClient(new ClnRestClient.Config(sim.baseUrl(), "rune", null, false)));
    }

    /** Pays the invoice on the simulated node, as a wallet would, and answers it as the node now reports it. */
    public static NodeInvoice pay(SimNode sim, LightningNode node, String paymentHash) {
        sim.pay(paymentHash, null);
        return node.findInvoice(paymentHash).orElseThrow();
    }

    /** The node's invoice with this label, asked through the client's generic call (Till itself looks up by hash). */
    public static Optional<ClnInvoice> invoiceByLabel(ClnRestClient client, String label) {
        JsonNode invoices = client.call("listinvoices", Map.of("label", label)).path("invoices");
        return invoices.isEmpty() ? Optional.empty() : Optional.of(ClnResults.invoice(invoices.get(0)));
    }
}
