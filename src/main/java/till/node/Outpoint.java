package till.node;

/** One output of a bitcoin transaction: its txid (hex, as explorers show it) and its index there. */
public record Outpoint(String txid, int vout) {

    /** {@code txid:vout}, the rail's reference for an on-chain incoming payment. */
    @Override
    public String toString() {
        return txid + ":" + vout;
    }

    /** From {@link #toString()}. */
    public static Outpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not txid:vout: " + text);
        }
        return new Outpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
