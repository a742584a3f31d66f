package till.node.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Exception;
import till.bolt11.Bolt11Invoice;
import till.bolt11.Network;

/**
 * {@code pay} and {@code listpays} of the simulated node. Other nodes' invoices are "paid" over an imaginary
 * network with a routing fee of 1 msat + 0.1% (so fee accounting can be tested), unless a {@link SimPayRule}
 * makes them fail or stay pending; this node's own invoices are paid to itself, as Core Lightning does.
 */
final class SimPayer {
    /** pay's parameters in lightningd's order. */
    static final List<String> PAY_PARAMS = List.of("bolt11", "amount_msat", "label", "riskfactor", "maxfeepercent",
            "retry_for", "maxdelay", "exemptfee", "localinvreqid", "exclude", "maxfee", "description", "partial_msat");
    static final List<String> LISTPAYS_PARAMS = List.of("bolt11", "payment_hash", "status", "index", "start", "limit");
    /** pay's default fee limit without maxfee: 0.5%, but any fee up to the 5000 msat exemption. */
    private static final long EXEMPT_FEE_MSAT = 5000;

    private final SimNodeState state;
    private final SimPayments payments;
    private final SimJson out;
    private final String nodeId;

    SimPayer(SimNodeState state, SimJson out, String nodeId) {
        this.state = state;
        this.payments = state.payments();
        this.out = out;
        this.nodeId = nodeId;
    }

    /** The simulated network's routing fee for an amount. */
    static long routingFee(long amountMsat) {
        return 1 + amountMsat / 1000;
    }

    CompletableFuture<ObjectNode> pay(SimParams p) {
        String bolt11 = p.string("bolt11", true).trim().toLowerCase(Locale.ROOT);
        Long amountParam = p.optionalMsat("amount_msat");
        Long maxFee = p.optionalMsat("maxfee");
        p.u64("retry_for", 60);
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(bolt11);
        } catch (Bolt11Exception | IllegalArgumentException e) {
            // lightningd's words for any failure of the bech32 layer
            throw SimRpcError.invalidParams("Invalid bolt11: " + (e.getMessage().contains("bech32") ? "Bad bech32 string" : e.getMessage()));
        }
        if (invoice.network() != Network.REGTEST) {
            throw SimRpcError.invalidParams("Invalid bolt11: Invoice is for another network " + invoice.network().clnName());
        }
        long amount = amount(invoice, amountParam);
        long nowSeconds = state.now();
        if (invoice.isExpired(nowSeconds)) {
            ObjectNode data = out.mapper().createObjectNode().put("now", nowSeconds).put("expiry", invoice.expiresAt());
            throw new SimRpcError(500, 207, "Invoice expired", data);
        }
        if (nodeId.equals(invoice.payeeNodeId())) {
            return CompletableFuture.completedFuture(out.payResult(paySelf(invoice, bolt11, amount), false));
        }
        synchronized (payments) {
            var latest = payments.latest(invoice.paymentHash());
            if (latest.isPresent() && !"failed".equals(latest.get().status(state.nowMillis()))) {
                // A pay for a hash already paid returns the first payment; one still pending waits for it.
                return outcome(latest.get(), latest.get().status(state.nowMillis()).equals("complete"));
            }
            SimPayRule rule = payments.ruleFor(amount, invoice.payeeNodeId());
            long fee = routingFee(amount);
            long budget = maxFee != null ? maxFee : Math.max(EXEMPT_FEE_MSAT, amount * 5 / 1000);
            if (fee > budget && rule.code() == null) {
                throw SimRpcError.rpc(206, SimPayRule.MESSAGES.get(206) + ": fee " + fee + "msat exceeds " + budget + "msat");
            }
            long now = state.nowMillis();
            SimPayment attempt = payments.start(new SimPayment(invoice.paymentHash(), bolt11, invoice.payeeNodeId(), amount,
                    amount + fee, revealedPreimage(invoice), now, now + rule.pendingSeconds() * 1000,
                    payments.nextIndex(), rule.code()));
            return outcome(attempt, false);
        }
    }

    private static long amount(Bolt11Invoice invoice, Long amountParam) {
        if (invoice.amountMsat() != null && amountParam != null) {
            throw SimRpcError.invalidParams("amount_msat parameter unnecessary");
        }
        if (invoice.amountMsat() == null && amountParam == null) {
            throw SimRpcError.invalidParams("amount_msat parameter required");
        }
        return invoice.amountMsat() != null ? invoice.amountMsat() : amountParam;
    }

    /** The attempt's result (or error) once it has finished: at once, or when its pending time is over. */
    private CompletableFuture<ObjectNode> outcome(SimPayment attempt, boolean replay) {
        long delay = Math.max(0, attempt.finishesAtMillis() - state.nowMillis());
        return CompletableFuture.supplyAsync(() -> {
            if (attempt.failCode() != null) {
                throw SimRpcError.rpc(attempt.failCode(), SimPayRule.MESSAGES.get(attempt.failCode()));
            }
            return out.payResult(attempt, replay);
        }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
    }

    /** Paying one of this node's own invoices, which Core Lightning settles locally. */
    private SimPayment paySelf(Bolt11Invoice invoice, String bolt11, long amount) {
        String hash = invoice.paymentHash();
        SimInvoice own = state.byHash(hash)
                .orElseThrow(() -> SimRpcError.rpc(203, SimPayRule.MESSAGES.get(203)));
        try {
            state.pay(hash, amount);
        } catch (IllegalStateException alreadyPaidOrExpired) {
            throw SimRpcError.rpc(203, "Already paid or expired invoice " + hash);
        }
        synchronized (payments) {
            long now = state.nowMillis();
            return payments.start(new SimPayment(hash, bolt11, nodeId, amount, amount, own.preimage(), now, now,
                    payments.nextIndex(), null));
        }
    }

    /**
     * The simulator cannot know another node's preimage, so it makes one up from the hash. It does not hash to
     * the payment hash; Till does not rely on that.
     */
    /**
     * The preimage the imaginary payee reveals. The simulated network's nodes derive it from the invoice's payment
     * secret ({@link #networkPreimage}), so a bolt11 minted that way (as the tests' "other nodes" do) gets its true
     * preimage; for any other bolt11 the simulator cannot know it and makes one up, which does not hash to the payment hash.
     */
    private static String revealedPreimage(Bolt11Invoice invoice) {
        String derived = networkPreimage(invoice.paymentSecret());
        if (derived != null && sha256Hex(HexFormat.of().parseHex(derived)).equals(invoice.paymentHash())) {
            return derived;
        }
        return sha256Hex(("till-sim-preimage:" + invoice.paymentHash()).getBytes(StandardCharsets.UTF_8));
    }

    /** The preimage a node of the simulated network uses for an invoice with this payment secret (null without one). */
    static String networkPreimage(String paymentSecret) {
        return paymentSecret == null ? null : sha256Hex(("till-sim-network:" + paymentSecret).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode listPays(SimParams p) {
        String bolt11 = p.string("bolt11", false);
        String paymentHash = p.string("payment_hash", false);
        String status = p.string("status", false);
        if (paymentHash != null && !paymentHash.matches("[0-9a-fA-F]{64}")) {
            throw SimRpcError.invalidParams("payment_hash: should be a 32 byte hex value: invalid token (see logs for details)");
        }
        long now = state.nowMillis();
        Predicate<SimPayment> filter = a -> (bolt11 == null || bolt11.trim().toLowerCase(Locale.ROOT).equals(a.bolt11()))
                && (paymentHash == null || paymentHash.toLowerCase(Locale.ROOT).equals(a.paymentHash()))
                && (status == null || status.equals(a.status(now)));
        ObjectNode result = out.mapper().createObjectNode();
        ArrayNode pays = result.putArray("pays");
        payments.matching(filter).forEach(a -> pays.add(out.listedPay(a, now)));
        return result;
    }
}
