package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;

/**
 * The simulated node's on-chain wallet on top of {@link SimChain}: addresses from keys derived from the node key
 * (one key per {@code newaddr}, like Core Lightning's key index), the outputs they received as Core Lightning lists
 * them (only once mined; a mined-then-reorged-out one stays "unconfirmed"), and withdrawals that spend exactly the
 * outputs asked for and reserve them for 72 blocks. Issued addresses and reservations are journaled
 * ({@code wallet.jsonl}).
 */
final class SimWallet implements AutoCloseable {
    static final String FILE_NAME = "wallet.jsonl";
    /** Core Lightning reserves a withdrawal's inputs for 72 blocks. */
    static final int RESERVE_BLOCKS = 72;
    /** withdraw's "normal" feerate on the recorded regtest node: 20020 sat/kvB = 5005 sat/kw. */
    static final long FEERATE_PER_KW = 5005;
    /** Core Lightning's dust limit. */
    static final long DUST_SAT = 546;

    /** An address type newaddr offers. */
    enum AddressType {
        BECH32("bech32"), P2TR("p2tr");

        final String json;

        AddressType(String json) {
            this.json = json;
        }
    }

    /** One of the wallet's addresses. */
    record Issued(int keyIndex, AddressType type, Address address, Script script, ECKey key) { }

    enum Status { CONFIRMED, UNCONFIRMED, SPENT }

    /** An output as listfunds shows it. */
    record Output(TransactionOutPoint outpoint, Coin value, Issued owner, Status status, Integer blockHeight,
                  Integer reservedToBlock) { }

    /** A withdraw that cannot be done, as Core Lightning words it. */
    static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final SimChain chain;
    private final ECKey nodeKey;
    private final ObjectMapper json;
    private final Map<String, Issued> byScript = new HashMap<>();
    private final Map<TransactionOutPoint, Integer> reservations = new HashMap<>();
    private int lastKeyIndex;
    private SimJournal journal;

    private SimWallet(SimChain chain, ECKey nodeKey, ObjectMapper json) {
        this.chain = chain;
        this.nodeKey = nodeKey;
        this.json = json;
    }

    static SimWallet open(Path dataDir, SimChain chain, ECKey nodeKey, ObjectMapper json) throws IOException {
        SimWallet wallet = new SimWallet(chain, nodeKey, json);
        synchronized (wallet) {
            wallet.journal = SimJournal.openFile(dataDir.resolve(FILE_NAME), json, wallet::replay);
        }
        return wallet;
    }

    SimChain chain() {
        return chain;
    }

    /** A new key's addresses in the given types (both for "all", as Core Lightning does). */
    synchronized List<Issued> newAddress(List<AddressType> types) {
        int index = lastKeyIndex + 1;
        ObjectNode event = json.createObjectNode().put("event", "address").put("keyidx", index);
        types.forEach(t -> event.withArray("types").add(t.json));
        journal.append(event);
        return issue(index, types);
    }

    private List<Issued> issue(int index, List<AddressType> types) {
        lastKeyIndex = Math.max(lastKeyIndex, index);
        ECKey key = ECKey.fromPrivate(Sha256Hash.hash(concat(nodeKey.getPrivKeyBytes(), ("wallet/" + index).getBytes())));
        List<Issued> issued = new ArrayList<>();
        for (AddressType type : types) {
            Address address = switch (type) {
                case BECH32 -> key.toAddress(ScriptType.P2WPKH, chain.network());
                // An x-only key as the witness program: the shape of a BIP86 address, without the tweak no one checks.
                case P2TR -> SegwitAddress.fromProgram(chain.network(), 1,
                        Arrays.copyOfRange(key.getPubKey(), 1, 33));
            };
            Script script = ScriptBuilder.createOutputScript(address);
            Issued one = new Issued(index, type, address, script, key);
            byScript.put(HEX.formatHex(script.program()), one);
            issued.add(one);
        }
        return issued;
    }

    /** The wallet's outputs in mined transactions, in the order they were first mined; spent ones only if asked. */
    synchronized List<Output> outputs(boolean includeSpent) {
        int height = chain.height();
        List<Output> outputs = new ArrayList<>();
        for (Transaction tx : chain.everMined()) {
            Optional<Integer> minedAt = chain.confirmedHeight(tx.getTxId());
            for (TransactionOutput out : tx.getOutputs()) {
                Issued owner = byScript.get(HEX.formatHex(out.getScriptBytes()));
                if (owner == null) {
                    continue;
                }
                TransactionOutPoint outpoint = new TransactionOutPoint(out.getIndex(), tx.getTxId());
                boolean spent = chain.spender(outpoint).filter(SimChain.Spender::confirmed).isPresent();
                if (spent && !includeSpent) {
                    continue;
                }
                Integer reservedTo = reservations.get(outpoint);
                Integer activeReservation = !spent && reservedTo != null && reservedTo > height ? reservedTo : null;
                Status status = spent ? Status.SPENT : minedAt.isPresent() ? Status.CONFIRMED : Status.UNCONFIRMED;
                outputs.add(new Output(outpoint, out.getValue(), owner, status,
                        status == Status.CONFIRMED ? minedAt.get() : null, activeReservation));
            }
        }
        return outputs;
    }

    /** The wallet's transactions: mined ones that pay it or spend from it, and its own broadcasts not mined yet. */
    synchronized List<Transaction> transactions() {
        Map<Sha256Hash, Transaction> txs = new LinkedHashMap<>();
        for (Transaction tx : chain.everMined()) {
            if (paysUs(tx) || spendsOurs(tx)) {
                txs.put(tx.getTxId(), tx);
            }
        }
        for (Transaction tx : chain.mempool()) {
            if (spendsOurs(tx)) {
                txs.putIfAbsent(tx.getTxId(), tx);
            }
        }
        return List.copyOf(txs.values());
    }

    private boolean paysUs(Transaction tx) {
        return tx.getOutputs().stream().anyMatch(o -> byScript.containsKey(HEX.formatHex(o.getScriptBytes())));
    }

    private boolean spendsOurs(Transaction tx) {
        Map<Sha256Hash, Transaction> mined = new HashMap<>();
        chain.everMined().forEach(t -> mined.put(t.getTxId(), t));
        for (TransactionInput input : tx.getInputs()) {
            Transaction parent = mined.get(input.getOutpoint().hash());
            if (parent != null && input.getOutpoint().index() < parent.getOutputs().size()
                    && byScript.containsKey(HEX.formatHex(parent.getOutput(input.getOutpoint().index()).getScriptBytes()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * withdraw {@code satoshi: "all"} with {@code utxos}: one transaction spending exactly those outputs, everything
     * minus the fee to {@code destination}, broadcast into the mempool; the inputs stay reserved for 72 blocks.
     *
     * @throws Refusal -32602 an output that is unknown, reserved or spent; 301 when the fee eats it (or leaves dust)
     */
    synchronized Transaction withdrawAll(Address destination, List<TransactionOutPoint> utxos) {
        int height = chain.height();
        List<SimSpend.Input> inputs = new ArrayList<>();
        Coin total = Coin.ZERO;
        int witnessWeight = 0;
        Set<TransactionOutPoint> seen = new HashSet<>();
        for (TransactionOutPoint outpoint : utxos) {
            if (!seen.add(outpoint)) {
                throw new Refusal(-32602, "Duplicate UTXO " + text(outpoint));
            }
            Output output = outputs(true).stream().filter(o -> o.outpoint().equals(outpoint)).findFirst()
                    .orElseThrow(() -> new Refusal(-32602, "Unknown UTXO " + text(outpoint)));
            if (output.status() == Status.SPENT) {
                throw new Refusal(-32602, "Already spent UTXO " + text(outpoint));
            }
            if (output.reservedToBlock() != null || chain.spender(outpoint).isPresent()) {
                throw new Refusal(-32602, "UTXO " + text(outpoint) + " already reserved");
            }
            inputs.add(new SimSpend.Input(outpoint, output.value(), output.owner().script(), output.owner().key()));
            total = total.add(output.value());
            witnessWeight += output.owner().type() == AddressType.P2TR ? 66 : 108;
        }
        int outputBytes = 9 + ScriptBuilder.createOutputScript(destination).program().length;
        long weight = 4L * (10 + 41L * inputs.size() + outputBytes) + 2 + witnessWeight;
        Coin fee = Coin.valueOf((weight * FEERATE_PER_KW + 999) / 1000);
        Coin amount = total.subtract(fee);
        if (amount.value < DUST_SAT) {
            throw new Refusal(301, "Could not afford all using UTXOs totalling " + total.value + "sat with weight "
                    + weight + " at feerate " + FEERATE_PER_KW);
        }
        Transaction tx = SimSpend.build(inputs, List.of(new SimSpend.Output(amount, destination)), true);
        ObjectNode event = json.createObjectNode().put("event", "reserve").put("toBlock", height + RESERVE_BLOCKS);
        utxos.forEach(o -> event.withArray("outpoints").add(text(o)));
        journal.append(event);
        utxos.forEach(o -> reservations.put(o, height + RESERVE_BLOCKS));
        chain.broadcast(tx);
        return tx;
    }

    static String text(TransactionOutPoint outpoint) {
        return outpoint.hash() + ":" + outpoint.index();
    }

    private void replay(JsonNode event) {
        switch (event.path("event").asText()) {
            case "address" -> {
                List<AddressType> types = new ArrayList<>();
                event.path("types").forEach(t -> types.add(AddressType.valueOf(t.asText().toUpperCase(java.util.Locale.ROOT))));
                issue(event.path("keyidx").asInt(), types);
            }
            case "reserve" -> event.path("outpoints").forEach(o -> {
                String[] parts = o.asText().split(":");
                reservations.put(new TransactionOutPoint(Long.parseLong(parts[1]), Sha256Hash.wrap(parts[0])),
                        event.path("toBlock").asInt());
            });
            default -> throw new IllegalStateException("unknown wallet journal event: " + event.path("event").asText());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
