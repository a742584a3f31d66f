package till.node.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes the simulated node's answers with the member names, types and order of a real Core Lightning node. */
final class SimJson {
    private final ObjectMapper json;

    SimJson(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper mapper() {
        return json;
    }

    /** The result of {@code invoice}. */
    ObjectNode created(SimInvoice invoice) {
        return json.createObjectNode()
                .put("payment_hash", invoice.paymentHash())
                .put("expires_at", invoice.expiresAt())
                .put("bolt11", invoice.bolt11())
                .put("payment_secret", invoice.paymentSecret())
                .put("created_index", invoice.createdIndex());
    }

    /** One entry of {@code listinvoices}; also the result of {@code waitanyinvoice} and {@code waitinvoice}. */
    ObjectNode invoice(SimInvoice invoice, long now) {
        ObjectNode o = json.createObjectNode()
                .put("label", invoice.label())
                .put("bolt11", invoice.bolt11())
                .put("payment_hash", invoice.paymentHash());
        if (invoice.amountMsat() != null) {
            o.put("amount_msat", invoice.amountMsat());
        }
        o.put("status", invoice.status(now));
        if (invoice.isPaid()) {
            o.put("pay_index", invoice.payIndex())
                    .put("amount_received_msat", invoice.amountReceivedMsat())
                    .put("paid_at", invoice.paidAt())
                    .put("payment_preimage", invoice.preimage());
        }
        if (invoice.description() != null) {
            o.put("description", invoice.description());
        }
        o.put("expires_at", invoice.expiresAt())
                .put("created_index", invoice.createdIndex());
        if (invoice.updatedIndex() != null) {
            o.put("updated_index", invoice.updatedIndex());
        }
        return o;
    }

    /**
     * The result of {@code pay}: a fresh payment has a fractional {@code created_at} (as the real node sends it),
     * a replay of one already complete the whole seconds and another member order.
     */
    ObjectNode payResult(SimPayment p, boolean replay) {
        ObjectNode o = json.createObjectNode();
        if (replay) {
            return o.put("payment_preimage", p.preimage())
                    .put("status", "complete")
                    .put("amount_msat", p.amountMsat())
                    .put("amount_sent_msat", p.amountSentMsat())
                    .put("destination", p.destination())
                    .put("payment_hash", p.paymentHash())
                    .put("created_at", p.createdAtMillis() / 1000)
                    .put("parts", 1);
        }
        return o.put("destination", p.destination())
                .put("payment_hash", p.paymentHash())
                .put("created_at", p.createdAtMillis() / 1000.0)
                .put("parts", 1)
                .put("amount_msat", p.amountMsat())
                .put("amount_sent_msat", p.amountSentMsat())
                .put("payment_preimage", p.preimage())
                .put("status", "complete");
    }

    /** One entry of {@code listpays}; which members appear depends on the status, as in the real node's schema. */
    ObjectNode listedPay(SimPayment p, long nowMillis) {
        String status = p.status(nowMillis);
        ObjectNode o = json.createObjectNode()
                .put("bolt11", p.bolt11())
                .put("destination", p.destination())
                .put("payment_hash", p.paymentHash())
                .put("status", status)
                .put("created_at", p.createdAtMillis() / 1000);
        if (status.equals("complete")) {
            o.put("completed_at", p.finishesAtMillis() / 1000).put("preimage", p.preimage());
        }
        if (!status.equals("failed")) {
            o.put("amount_msat", p.amountMsat());
        }
        o.put("amount_sent_msat", p.amountSentMsat())
                .put("created_index", p.createdIndex());
        if (!status.equals("pending")) {
            o.put("updated_index", p.createdIndex());
        }
        return o;
    }

    /** {@code getinfo} of a regtest node with one peer and one active channel, at the simulated chain's height. */
    ObjectNode info(String nodeId, String lightningDir, int blockHeight) {
        ObjectNode o = json.createObjectNode()
                .put("id", nodeId)
                .put("alias", "till-sim")
                .put("color", nodeId.substring(0, 6)) // lightningd's default colour: the node id's first 3 bytes
                .put("num_peers", 1)
                .put("num_pending_channels", 0)
                .put("num_active_channels", 1)
                .put("num_inactive_channels", 0);
        o.putArray("address");
        ArrayNode binding = o.putArray("binding");
        binding.addObject().put("type", "ipv4").put("address", "127.0.0.1").put("port", 19846);
        o.put("version", "v24.11.2")
                .put("blockheight", blockHeight)
                .put("network", "regtest")
                .put("fees_collected_msat", 0)
                .put("lightning-dir", lightningDir);
        o.putObject("our_features")
                .put("init", "08a0880a8a59a1")
                .put("node", "88a0880a8a59a1")
                .put("channel", "")
                .put("invoice", "02000002024100");
        return o;
    }

    /** The body of an RPC error. */
    ObjectNode error(SimRpcError e) {
        ObjectNode o = json.createObjectNode().put("code", e.code).put("message", e.getMessage());
        if (e.data != null) {
            o.set("data", e.data);
        }
        return o;
    }
}
