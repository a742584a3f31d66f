package till.node.cln;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import till.node.NodeRpcException;
import till.node.NodeUnreachableException;

/**
 * Checks at start that the rune lets Till call every RPC method it needs, so a rune that lacks one stops Till with a
 * clear message instead of failing the first payment hours later. Each method is asked with parameters that cannot
 * change anything: clnrest checks the rune before the method's own parameters, so {@code invoice} without an amount
 * answers "invalid parameters" (-32602) when permitted and 1502 "Not permitted" when not. The on-chain methods are
 * checked apart: a rune without them leaves on-chain payments off instead of stopping Till.
 */
public final class NodePermissions {
    /** Every Lightning method Till calls, with harmless parameters to ask it with. Add a method here when the code calls a new one. */
    private static final Map<String, Map<String, Object>> PROBES = probes();
    /** The node wallet's methods (on-chain payments), asked just as harmlessly. */
    private static final Map<String, Map<String, Object>> ONCHAIN_PROBES = onchainProbes();

    /** What a rune permits: the Lightning methods it refuses (Till cannot start) and the on-chain ones. */
    public record Check(List<String> refusedLightning, List<String> refusedOnchain) {
        /** Till can take on-chain payments with this rune. */
        public boolean onchainPermitted() {
            return refusedOnchain.isEmpty();
        }
    }

    private NodePermissions() {}

    private static Map<String, Map<String, Object>> probes() {
        Map<String, Map<String, Object>> probes = new LinkedHashMap<>();
        probes.put("getinfo", Map.of());
        probes.put("invoice", Map.of());  // no amount, label or description: refused by its parameter check
        probes.put("listinvoices", Map.of("label", "till-permission-check"));
        // A cursor no node will reach and no waiting: answers 904 (timed out) at once.
        probes.put("waitanyinvoice", Map.of("lastpay_index", Long.MAX_VALUE, "timeout", 0));
        // Not a bolt11: refused by its parameter check (-32602 "Invalid bolt11") before anything is paid.
        probes.put("pay", Map.of("bolt11", "lnbcrt1notaninvoice"));
        probes.put("listpays", Map.of("payment_hash", "00".repeat(32)));
        // No invoice has this label: answers 905 (unknown invoice) and deletes nothing.
        probes.put("delinvoice", Map.of("label", "till-permission-check", "status", "unpaid"));
        return probes;
    }

    private static Map<String, Map<String, Object>> onchainProbes() {
        Map<String, Map<String, Object>> probes = new LinkedHashMap<>();
        // Not an address type: refused by its parameter check (-32602) before a key is used.
        probes.put("newaddr", Map.of("addresstype", "till-permission-check"));
        // Also the operator's view of the channels: with a rune without it, that view says the node refused.
        probes.put("listfunds", Map.of("spent", "till-permission-check"));
        // Height 0 is always reached: answers at once.
        probes.put("waitblockheight", Map.of("blockheight", 0, "timeout", 0));
        // Not an address: refused (-1 "Could not parse destination address") before anything is spent.
        probes.put("withdraw", Map.of("destination", "till-permission-check", "satoshi", "all"));
        // It takes no parameters: refused by its parameter check (-32602) instead of listing the whole wallet.
        probes.put("listtransactions", Map.of("till-permission-check", true));
        return probes;
    }

    /** The Lightning methods Till calls, in the order the README's createrune command lists them. */
    public static List<String> requiredMethods() {
        return List.copyOf(PROBES.keySet());
    }

    /** The on-chain methods Till calls when on-chain payments are on. */
    public static List<String> onchainMethods() {
        return List.copyOf(ONCHAIN_PROBES.keySet());
    }

    /**
     * The methods the node refuses this rune for, Lightning and on-chain apart.
     *
     * @throws NodeUnreachableException the node cannot be asked
     */
    public static Check check(ClnRestClient node) {
        return new Check(refused(node, PROBES), refused(node, ONCHAIN_PROBES));
    }

    private static List<String> refused(ClnRestClient node, Map<String, Map<String, Object>> probes) {
        List<String> refused = new ArrayList<>();
        probes.forEach((method, params) -> {
            try {
                node.call(method, params);
            } catch (NodeRpcException e) {
                if (e.accessDenied()) {
                    refused.add(method);
                }
            }
        });
        return refused;
    }

    /**
     * The command that makes a rune for exactly the methods Till calls, on-chain ones included: one inner array, so
     * any one of them may be called.
     */
    public static String createRuneCommand() {
        String alternatives = java.util.stream.Stream.concat(requiredMethods().stream(), onchainMethods().stream())
                .map(m -> "\"method=" + m + "\"").collect(Collectors.joining(","));
        return "lightning-cli createrune restrictions='[[" + alternatives + "]]'";
    }
}
