package till.node.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/** The RPC methods the simulated node offers, each with its parameter names in lightningd's order. */
final class SimRpcMethods {
    /** lightningd's default invoice expiry: one week. */
    static final long DEFAULT_EXPIRY = 604_800;
    /** (1 << 10) * 5 / 8: ten bits of data_length in 5-bit groups, as Core Lightning defines it. */
    static final int BOLT11_FIELD_BYTE_LIMIT = 640;

    private static final List<String> UNSIMULATED_INVOICE_PARAMS = List.of("fallbacks", "preimage",
            "exposeprivatechannels", "cltv");

    /** One method: its parameters (names, positional order) and what it does with them. */
    record Method(List<String> params, Function<SimParams, CompletableFuture<ObjectNode>> body) {}

    private final SimNodeState state;
    private final SimJson out;
    private final Map<String, Method> methods;

    SimRpcMethods(SimNodeState state, SimWallet wallet, SimChannel channel, SimJson out, String nodeId, String lightningDir) {
        this.state = state;
        this.out = out;
        SimPayer payer = new SimPayer(state, out, nodeId);
        Map<String, Method> all = new HashMap<>(new SimChainMethods(wallet, channel, out).methods());
        all.putAll(Map.of(
                "getinfo", now(List.of(), p -> out.info(nodeId, lightningDir, wallet.chain().height())),
                "invoice", now(List.of("amount_msat", "label", "description", "expiry", "fallbacks", "preimage",
                        "exposeprivatechannels", "cltv", "deschashonly"), this::invoice),
                "listinvoices", now(List.of("label", "invstring", "payment_hash", "index", "start", "limit"), this::listInvoices),
                "waitanyinvoice", new Method(List.of("lastpay_index", "timeout"), this::waitAnyInvoice),
                "waitinvoice", new Method(List.of("label"), this::waitInvoice),
                "decode", now(List.of("string"), p -> SimBolt11.decode(out.mapper(), p.string("string", true))),
                "pay", new Method(SimPayer.PAY_PARAMS, payer::pay),
                "listpays", now(SimPayer.LISTPAYS_PARAMS, payer::listPays),
                "delinvoice", now(List.of("label", "status"), this::delInvoice)));
        this.methods = Map.copyOf(all);
    }

    Optional<Method> find(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    private static Method now(List<String> params, Function<SimParams, ObjectNode> body) {
        return new Method(params, p -> CompletableFuture.completedFuture(body.apply(p)));
    }

    private ObjectNode invoice(SimParams p) {
        Long amount = p.msatOrAny("amount_msat");
        String label = p.label("label", true);
        // Named in lightningd's positional order; of the optional ones only expiry and deschashonly are simulated, and
        // the others are refused rather than ignored.
        for (String unsimulated : UNSIMULATED_INVOICE_PARAMS) {
            if (p.has(unsimulated)) {
                throw SimRpcError.invalidParams(unsimulated + ": not offered by the simulated node");
            }
        }
        String description = p.string("description", true);
        boolean hashOnly = p.bool("deschashonly", false);
        int bytes = description.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= BOLT11_FIELD_BYTE_LIMIT && !hashOnly) {
            // Core Lightning's own check and words (lightningd/invoice.c): a bolt11 field holds under 640 bytes.
            throw SimRpcError.invalidParams("Descriptions greater than " + BOLT11_FIELD_BYTE_LIMIT
                    + " bytes not yet supported (description length " + bytes + ")");
        }
        long expiry = p.u64("expiry", DEFAULT_EXPIRY);
        return out.created(state.create(label, amount, description, hashOnly, expiry));
    }

    /** Core Lightning's delinvoice: removes the invoice only if its status is the one given (desconly is not offered). */
    private ObjectNode delInvoice(SimParams p) {
        String label = p.label("label", true);
        String status = p.string("status", true);
        return out.invoice(state.delete(label, status), state.now());
    }

    private ObjectNode listInvoices(SimParams p) {
        String label = p.label("label", false);
        String invstring = p.string("invstring", false);
        String paymentHash = p.string("payment_hash", false);
        String index = p.string("index", false);
        long start = p.u64("start", 0);
        long limit = p.u64("limit", Long.MAX_VALUE);
        if (paymentHash != null && !paymentHash.matches("[0-9a-fA-F]{64}")) {
            throw SimRpcError.invalidParams("payment_hash: should be a 32 byte hex value: invalid token (see logs for details)");
        }
        if (index == null && (p.has("start") || p.has("limit"))) {
            throw SimRpcError.invalidParams("Can only specify {start} or {limit} with {index}");
        }
        List<SimInvoice> found;
        if ("updated".equals(index)) {
            found = state.byUpdate(start, limit);
        } else if (index == null || "created".equals(index)) {
            Predicate<SimInvoice> filter = i -> (label == null || label.equals(i.label()))
                    && (invstring == null || invstring.toLowerCase(Locale.ROOT).equals(i.bolt11()))
                    && (paymentHash == null || paymentHash.toLowerCase(Locale.ROOT).equals(i.paymentHash()));
            found = label != null ? state.byLabel(label).filter(filter).stream().toList()
                    : paymentHash != null ? state.byHash(paymentHash.toLowerCase(Locale.ROOT)).filter(filter).stream().toList()
                    : state.byCreation(start, limit, filter);
        } else {
            throw SimRpcError.invalidParams("index: should be one of created, updated: invalid token (see logs for details)");
        }
        ObjectNode result = out.mapper().createObjectNode();
        ArrayNode invoices = result.putArray("invoices");
        long now = state.now();
        found.forEach(i -> invoices.add(out.invoice(i, now)));
        return result;
    }

    private CompletableFuture<ObjectNode> waitAnyInvoice(SimParams p) {
        long lastPayIndex = p.u64("lastpay_index", 0);
        CompletableFuture<SimInvoice> paid = state.nextPaidAfter(lastPayIndex);
        if (p.has("timeout")) {
            paid = paid.orTimeout(p.u64("timeout", 0), TimeUnit.SECONDS);
        }
        return paid.handle((invoice, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw SimRpcError.rpc(904, "Timed out while waiting for invoice to be paid");
            }
            if (cause != null) {
                throw new CompletionException(cause);
            }
            return out.invoice(invoice, state.now());
        });
    }

    private CompletableFuture<ObjectNode> waitInvoice(SimParams p) {
        String label = p.label("label", true);
        SimInvoice invoice = state.byLabel(label).orElseThrow(() -> SimRpcError.rpc(-1, "Unknown invoice"));
        return state.paidOrExpired(invoice).thenApply(settled -> {
            long now = state.now();
            ObjectNode entry = out.invoice(settled, now);
            if (!settled.isPaid()) {
                throw new SimRpcError(500, 903, "invoice expired during wait", entry);
            }
            return entry;
        });
    }
}
