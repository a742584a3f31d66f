package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import till.node.sim.SimRpcMethods.Method;

/**
 * The simulated node's on-chain RPC methods, answering like the recorded Core Lightning v24.11 node
 * ({@code newaddr}, {@code listfunds} with the one {@link SimChannel}, {@code listtransactions}, {@code waitblockheight},
 * {@code withdraw}).
 */
final class SimChainMethods {
    /** lightningd's default waitblockheight timeout. */
    private static final long DEFAULT_WAIT_SECONDS = 60;
    private static final HexFormat HEX = HexFormat.of();

    private final SimWallet wallet;
    private final SimChannel channel;
    private final SimJson out;

    SimChainMethods(SimWallet wallet, SimChannel channel, SimJson out) {
        this.wallet = wallet;
        this.channel = channel;
        this.out = out;
    }

    Map<String, Method> methods() {
        return Map.of(
                "newaddr", now(List.of("addresstype"), this::newAddress),
                "listfunds", now(List.of("spent"), this::listFunds),
                "listtransactions", now(List.of(), p -> listTransactions()),
                "waitblockheight", new Method(List.of("blockheight", "timeout"), this::waitBlockHeight),
                "withdraw", now(List.of("destination", "satoshi", "feerate", "minconf", "utxos"), this::withdraw));
    }

    private static Method now(List<String> params, Function<SimParams, ObjectNode> body) {
        return new Method(params, p -> CompletableFuture.completedFuture(body.apply(p)));
    }

    private ObjectNode newAddress(SimParams p) {
        String type = p.has("addresstype") ? p.string("addresstype", true) : "bech32";
        List<SimWallet.AddressType> types = switch (type) {
            case "bech32" -> List.of(SimWallet.AddressType.BECH32);
            case "p2tr" -> List.of(SimWallet.AddressType.P2TR);
            case "all" -> List.of(SimWallet.AddressType.BECH32, SimWallet.AddressType.P2TR);
            default -> throw SimRpcError.invalidParams(
                    "'addresstype' should be 'p2tr', 'bech32', or 'all', not '" + type + "'");
        };
        ObjectNode result = out.mapper().createObjectNode();
        wallet.newAddress(types).forEach(a -> result.put(a.type().json, a.address().toString()));
        return result;
    }

    private ObjectNode listFunds(SimParams p) {
        boolean spent = p.bool("spent", false);
        ObjectNode result = out.mapper().createObjectNode();
        ArrayNode outputs = result.putArray("outputs");
        for (SimWallet.Output o : wallet.outputs(spent)) {
            ObjectNode entry = outputs.addObject()
                    .put("txid", o.outpoint().hash().toString())
                    .put("output", o.outpoint().index())
                    .put("amount_msat", o.value().value * 1000)
                    .put("scriptpubkey", HEX.formatHex(o.owner().script().program()))
                    .put("address", o.owner().address().toString())
                    .put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
            if (o.blockHeight() != null) {
                entry.put("blockheight", o.blockHeight());
            }
            entry.put("reserved", o.reservedToBlock() != null);
            if (o.reservedToBlock() != null) {
                entry.put("reserved_to_block", o.reservedToBlock());
            }
        }
        // In the recorded node's member order.
        result.putArray("channels").addObject()
                .put("peer_id", channel.peerId())
                .put("connected", true)
                .put("state", "CHANNELD_NORMAL")
                .put("channel_id", channel.channelId())
                .put("short_channel_id", channel.shortChannelId())
                .put("our_amount_msat", channel.ourAmountMsat())
                .put("amount_msat", channel.amountMsat())
                .put("funding_txid", channel.fundingTxid())
                .put("funding_output", channel.fundingOutput());
        return result;
    }

    private ObjectNode listTransactions() {
        ObjectNode result = out.mapper().createObjectNode();
        ArrayNode list = result.putArray("transactions");
        SimChain chain = wallet.chain();
        for (Transaction tx : wallet.transactions()) {
            var height = chain.confirmedHeight(tx.getTxId());
            ObjectNode entry = list.addObject()
                    .put("hash", tx.getTxId().toString())
                    .put("rawtx", HEX.formatHex(tx.serialize()))
                    .put("blockheight", height.orElse(0))
                    .put("txindex", height.map(h -> txIndex(chain, h, tx.getTxId())).orElse(0))
                    .put("locktime", tx.getLockTime())
                    .put("version", tx.getVersion());
            ArrayNode inputs = entry.putArray("inputs");
            for (TransactionInput in : tx.getInputs()) {
                inputs.addObject().put("txid", in.getOutpoint().hash().toString())
                        .put("index", in.getOutpoint().index()).put("sequence", in.getSequenceNumber());
            }
            ArrayNode outputs = entry.putArray("outputs");
            for (TransactionOutput o : tx.getOutputs()) {
                outputs.addObject().put("index", o.getIndex()).put("amount_msat", o.getValue().value * 1000)
                        .put("scriptPubKey", HEX.formatHex(o.getScriptBytes()));
            }
        }
        return result;
    }

    private static int txIndex(SimChain chain, int height, Sha256Hash txid) {
        List<Transaction> txs = chain.blockAt(height).orElseThrow().getTransactions();
        for (int i = 0; i < txs.size(); i++) {
            if (txs.get(i).getTxId().equals(txid)) {
                return i;
            }
        }
        return 0;
    }

    private CompletableFuture<ObjectNode> waitBlockHeight(SimParams p) {
        long height = p.u32("blockheight");
        long timeout = p.has("timeout") ? p.u32("timeout") : DEFAULT_WAIT_SECONDS;
        return wallet.chain().atHeight((int) height).orTimeout(timeout, TimeUnit.SECONDS).handle((reached, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw SimRpcError.rpc(2000, "Timed out.");
            }
            if (cause != null) {
                throw new CompletionException(cause);
            }
            return out.mapper().createObjectNode().put("blockheight", reached);
        });
    }

    private ObjectNode withdraw(SimParams p) {
        String destination = p.string("destination", true);
        JsonNode satoshi = p.raw("satoshi");
        Address to;
        try {
            to = AddressParser.getDefault(wallet.chain().network()).parseAddress(destination);
        } catch (AddressFormatException e) {
            throw SimRpcError.rpc(-1, "Could not parse destination address, destination should be a valid address");
        }
        if (!satoshi.isTextual() || !"all".equals(satoshi.textValue()) || !p.has("utxos")) {
            throw SimRpcError.invalidParams("the simulated node withdraws only \"satoshi\": \"all\" with \"utxos\"");
        }
        List<TransactionOutPoint> utxos = outpoints(p.raw("utxos"));
        Transaction tx;
        try {
            tx = wallet.withdrawAll(to, utxos);
        } catch (SimWallet.Refusal e) {
            throw SimRpcError.rpc(e.code, e.getMessage());
        }
        return out.mapper().createObjectNode()
                .put("tx", HEX.formatHex(tx.serialize()))
                .put("txid", tx.getTxId().toString())
                .put("psbt", Base64.getEncoder().encodeToString(SimPsbt.unsigned(tx)));
    }

    private static List<TransactionOutPoint> outpoints(JsonNode utxos) {
        if (!utxos.isArray() || utxos.isEmpty()) {
            throw SimRpcError.invalidParams("utxos: should be an array: invalid token (see logs for details)");
        }
        List<TransactionOutPoint> outpoints = new ArrayList<>();
        for (JsonNode utxo : utxos) {
            String text = utxo.asText();
            if (!utxo.isTextual() || !text.matches("[0-9a-fA-F]{64}:\\d{1,9}")) {
                throw SimRpcError.invalidParams("utxos: should be a txid:outnum: invalid token (see logs for details)");
            }
            int colon = text.indexOf(':');
            outpoints.add(new TransactionOutPoint(Long.parseLong(text.substring(colon + 1)),
                    Sha256Hash.wrap(text.substring(0, colon))));
        }
        return outpoints;
    }
}
