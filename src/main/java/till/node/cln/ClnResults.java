package till.node.cln;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import till.node.NodeInfo;

/**
 * Reads Core Lightning result objects leniently: amounts as integers or as the older {@code "1000msat"} strings,
 * numbers that may arrive as floats ({@code created_at} of a fresh pay), absent members as null.
 */
public final class ClnResults {
    private ClnResults() {}

    public static NodeInfo nodeInfo(JsonNode r) {
        return new NodeInfo(text(r, "id"), text(r, "alias"), text(r, "network"),
                longOr(r, "blockheight", 0), text(r, "version"));
    }

    public static ClnCreatedInvoice createdInvoice(JsonNode r) {
        return new ClnCreatedInvoice(text(r, "payment_hash"), text(r, "bolt11"), longOr(r, "expires_at", 0),
                text(r, "payment_secret"), longOr(r, "created_index", 0));
    }

    public static ClnInvoice invoice(JsonNode r) {
        return new ClnInvoice(text(r, "label"), text(r, "bolt11"), text(r, "payment_hash"), msat(r, "amount_msat"),
                text(r, "status"), text(r, "description"), longOr(r, "expires_at", 0), optionalLong(r, "pay_index"),
                msat(r, "amount_received_msat"), optionalLong(r, "paid_at"), text(r, "payment_preimage"),
                optionalLong(r, "updated_index"));
    }

    /** A {@code pay} result or a {@code listpays} entry (which names the preimage {@code preimage}). */
    public static ClnPay payment(JsonNode r) {
        String preimage = text(r, "payment_preimage");
        return new ClnPay(text(r, "status"), text(r, "payment_hash"), text(r, "destination"),
                preimage != null ? preimage : text(r, "preimage"), msat(r, "amount_msat"), msat(r, "amount_sent_msat"),
                optionalLong(r, "created_at"));
    }

    /** One {@code listfunds} output; amounts as integers or {@code "<n>msat"}, the optional members null when absent. */
    public static ClnFund fund(JsonNode r) {
        Long amount = msat(r, "amount_msat");
        Long height = optionalLong(r, "blockheight");
        return new ClnFund(text(r, "txid"), (int) longOr(r, "output", 0), amount == null ? 0 : amount,
                text(r, "scriptpubkey"), text(r, "address"), text(r, "status"),
                height == null ? null : height.intValue(), r.path("reserved").asBoolean(false));
    }

    /**
     * One {@code listfunds} channel. Nodes before v23.02 may send amounts as {@code "<n>msat"} strings, or only the
     * older {@code channel_sat} (ours) and {@code channel_total_sat} (the capacity): all are read.
     */
    public static ClnChannel channel(JsonNode r) {
        Long ours = msat(r, "our_amount_msat");
        Long total = msat(r, "amount_msat");
        return new ClnChannel(text(r, "peer_id"), text(r, "state"), r.path("connected").asBoolean(false),
                total != null ? total : longOr(r, "channel_total_sat", 0) * 1000,
                ours != null ? ours : longOr(r, "channel_sat", 0) * 1000);
    }

    /** One {@code listtransactions} entry; its inputs as {@code "txid:index"}. */
    public static ClnTransaction transaction(JsonNode r) {
        List<String> spends = new ArrayList<>();
        r.path("inputs").forEach(in -> spends.add(text(in, "txid") + ":" + longOr(in, "index", 0)));
        return new ClnTransaction(text(r, "hash"), (int) longOr(r, "blockheight", 0), spends);
    }

    public static ClnWithdrawal withdrawal(JsonNode r) {
        return new ClnWithdrawal(text(r, "txid"), text(r, "tx"), text(r, "psbt"));
    }

    /** A member as text (numbers too, e.g. an integer label), or null when absent. */
    public static String text(JsonNode r, String name) {
        JsonNode v = r.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static Long optionalLong(JsonNode r, String name) {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong(); // floats are truncated to whole seconds
        }
        try {
            return (long) Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + v);
        }
    }

    public static long longOr(JsonNode r, String name, long fallback) {
        Long v = optionalLong(r, name);
        return v == null ? fallback : v;
    }

    /** An msat amount as integer, float or {@code "<n>msat"} string; null when absent or {@code "any"}. */
    public static Long msat(JsonNode r, String name) {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        if (s.equals("any")) {
            return null;
        }
        if (s.endsWith("msat")) {
            s = s.substring(0, s.length() - 4);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not an msat amount: " + v);
        }
    }
}
