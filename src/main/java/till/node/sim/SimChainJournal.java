package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutPoint;

/**
 * The simulated chain's journal ({@code chain.jsonl} in the node's data directory): each change to it as one line,
 * transactions and blocks as their raw hex, replayed in order when the node starts again.
 */
final class SimChainJournal implements AutoCloseable {
    static final String FILE_NAME = "chain.jsonl";

    /** The changes, as replay hands them back. */
    interface Changes {
        /** A transaction entered the mempool; {@code payerFunds}: the made-up coins of the payer it spends. */
        void added(Transaction tx, Map<TransactionOutPoint, Coin> payerFunds);

        /** A transaction left the mempool without being mined (replaced). */
        void dropped(Sha256Hash txid);

        void connected(Block block);

        /** The tip block left the best chain. */
        void disconnected();
    }

    private static final String TX = "tx";
    private static final String DROP = "drop";
    private static final String BLOCK = "block";
    private static final String DISCONNECT = "disconnect";
    private static final HexFormat HEX = HexFormat.of();

    private final ObjectMapper json = new ObjectMapper();
    private final SimJournal journal;

    private SimChainJournal(Path dataDir, Changes replay) throws IOException {
        this.journal = SimJournal.openFile(dataDir.resolve(FILE_NAME), json, event -> replay(event, replay));
    }

    /** Opens (or creates) the journal in {@code dataDir}, handing every change recorded so far to {@code replay}. */
    static SimChainJournal open(Path dataDir, Changes replay) throws IOException {
        return new SimChainJournal(dataDir, replay);
    }

    void added(Transaction tx, Map<TransactionOutPoint, Coin> payerFunds) {
        ObjectNode event = json.createObjectNode().put("event", TX).put("hex", HEX.formatHex(tx.serialize()));
        if (!payerFunds.isEmpty()) {
            ArrayNode list = event.putArray("payerFunds");
            payerFunds.forEach((outpoint, value) -> list.addObject()
                    .put("txid", outpoint.hash().toString()).put("vout", outpoint.index()).put("sat", value.value));
        }
        journal.append(event);
    }

    void dropped(Sha256Hash txid) {
        journal.append(json.createObjectNode().put("event", DROP).put("txid", txid.toString()));
    }

    void connected(Block block) {
        journal.append(json.createObjectNode().put("event", BLOCK).put("hex", HEX.formatHex(block.serialize())));
    }

    void disconnected() {
        journal.append(json.createObjectNode().put("event", DISCONNECT));
    }

    private static void replay(JsonNode event, Changes changes) {
        switch (event.path("event").asText()) {
            case TX -> {
                Map<TransactionOutPoint, Coin> funds = new HashMap<>();
                for (JsonNode fund : event.path("payerFunds")) {
                    funds.put(new TransactionOutPoint(fund.path("vout").asLong(), Sha256Hash.wrap(fund.path("txid").asText())),
                            Coin.valueOf(fund.path("sat").asLong()));
                }
                changes.added(Transaction.read(ByteBuffer.wrap(HEX.parseHex(event.path("hex").asText()))), funds);
            }
            case DROP -> changes.dropped(Sha256Hash.wrap(event.path("txid").asText()));
            case BLOCK -> changes.connected(Block.read(ByteBuffer.wrap(HEX.parseHex(event.path("hex").asText()))));
            case DISCONNECT -> changes.disconnected();
            default -> throw new IllegalStateException("unknown chain journal event: " + event.path("event").asText());
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
