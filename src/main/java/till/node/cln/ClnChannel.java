package till.node.cln;

/** One {@code listfunds} channel: {@code state} is Core Lightning's (e.g. "CHANNELD_NORMAL"). */
public record ClnChannel(String peerId, String state, boolean connected, long amountMsat, long ourAmountMsat) { }
