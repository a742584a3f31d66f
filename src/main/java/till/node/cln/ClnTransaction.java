package till.node.cln;

import java.util.List;

/**
 * One {@code listtransactions} entry: its {@code hash} (the txid), {@code blockheight} (0 while unconfirmed) and the
 * outputs its inputs spend, as {@code "txid:index"}.
 */
public record ClnTransaction(String hash, int blockHeight, List<String> spends) { }
