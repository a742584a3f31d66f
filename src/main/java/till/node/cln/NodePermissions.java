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
 * answers "invalid parameters" (-32602) when permitted and 1502 "Not permitted" when not.
 */
public final class NodePermissions {
    /** Every method Till calls, with harmless parameters to ask it with. Add a method here when the code calls a new one. */
    private static final Map<String, Map<String, Object>> PROBES = probes();

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

    /** The methods Till calls, in the order the README's createrune command lists them. */
    public static List<String> requiredMethods() {
        return List.copyOf(PROBES.keySet());
    }

    /**
     * The methods the node refuses this rune for (empty when all are permitted).
     *
     * @throws NodeUnreachableException the node cannot be asked
     */
    public static List<String> refusedMethods(ClnRestClient node) {
        List<String> refused = new ArrayList<>();
        PROBES.forEach((method, params) -> {
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

    /** The command that makes a rune for exactly these methods: one inner array, so any one of them may be called. */
    public static String createRuneCommand() {
        String alternatives = requiredMethods().stream().map(m -> "\"method=" + m + "\"").collect(Collectors.joining(","));
        return "lightning-cli createrune restrictions='[[" + alternatives + "]]'";
    }
}
