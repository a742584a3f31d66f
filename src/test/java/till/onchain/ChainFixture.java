package till.onchain;

import static till.OpenNodeCallbacks.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import till.Await;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.node.sim.SimNode;
import till.node.sim.SimPeerServer;

/**
 * A simulated node with its chain, and a Till using it as its node (CLN_REST_URL), with a shop, a receiver for the
 * charges' callbacks, the payer's simulator routes, and (when asked) a simulated bitcoind peer on a port of its own
 * that Till's TILL_BITCOIN_PEER names, so a test can take the peer away and bring it back; without, Till has no peer.
 */
final class ChainFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final int FEE_PPM = 10_000;

    /** What the shop's account is credited for {@code receivedMsat}: all of it, less its processing fee. */
    static long credit(long receivedMsat) {
        return receivedMsat - receivedMsat * FEE_PPM / 1_000_000;
    }

    final SimNode node;
    TestTill till;
    final Shop shop;
    final TillClient payer;
    final WebhookReceiver callbacks = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200));
    private final int peerPort;
    private final Path tillDir;
    private final Map<String, String> settings;
    private final Clock clock;
    private SimPeerServer peer;

    ChainFixture(int confirmations, boolean withPeer, Clock clock, Map<String, String> env) {
        peerPort = withPeer ? freePort() : 0;
        Path dir = TestTill.tempDir();
        node = SimNode.start(0, dir.resolve("node"), clock);
        settings = new HashMap<>(env);
        settings.put("CLN_REST_URL", node.baseUrl());
        settings.put("CLN_RUNE", "any");
        settings.put("TILL_WEBHOOK_ALLOW_PRIVATE", "true");
        settings.put("TILL_WEBHOOK_RETRY_SCHEDULE", "200ms");
        settings.put("TILL_ONCHAIN_CONFIRMATIONS", Integer.toString(confirmations));
        if (withPeer) {
            settings.put("TILL_BITCOIN_PEER", "127.0.0.1:" + peerPort);
        }
        tillDir = dir.resolve("till");
        this.clock = clock;
        till = TestTill.start(tillDir, settings, clock);
        shop = till.createShop(FEE_PPM);
        payer = new TillClient(node.baseUrl());
        if (withPeer) {
            peerUp();
        }
    }

    /** Stops Till and starts it again on the same data directory (the shop and its key stay). */
    void restartTill() {
        till.close();
        till = TestTill.start(tillDir, settings, clock);
    }

    /** The simulated bitcoind listens (again); Till's peer connects within its 2 s retry. */
    void peerUp() {
        try {
            peer = SimPeerServer.start(node.chain(), peerPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until("Till's peer connected", WAIT, () -> peer.connectionCount() == 1);
    }

    void peerDown() {
        peer.close();
        peer = null;
    }

    JsonNode createCharge(long amountSat, int ttlMinutes) {
        Response created = till.post("/v1/charges", "{\"amount\": " + amountSat + ", \"description\": \"Order 7 & co\", "
                + "\"order_id\": \"7\", \"callback_url\": \"" + callbacks.url("/cb") + "\", \"ttl\": " + ttlMinutes + "}", shop.apiKey());
        if (created.status() != 201) {
            throw new AssertionError(created.body());
        }
        return created.json().get("data");
    }

    JsonNode charge(String id) {
        return till.get("/v1/charge/" + id, shop.apiKey()).json().get("data");
    }

    JsonNode awaitStatus(String id, String status) {
        Await.until("charge " + id + " " + status, WAIT, () -> charge(id).get("status").asText().equals(status));
        return charge(id);
    }

    /** The charge's invoice as {@code GET /transactions} lists it, found by its address. */
    JsonNode transactionOf(String address) {
        for (JsonNode transaction : till.get("/transactions", shop.apiKey()).json().get("data")) {
            if (transaction.has("onchain") && transaction.get("onchain").get("address").asText().equals(address)) {
                return transaction;
            }
        }
        throw new AssertionError("no transaction with address " + address);
    }

    String send(String address, long amountSat, boolean replaceable) {
        return simulator("/simulator/onchain/send", "{\"address\": \"" + address + "\", \"amountSat\": " + amountSat
                + ", \"replaceable\": " + replaceable + "}").get("txid").asText();
    }

    String bump(String txid, long amountSat) {
        return simulator("/simulator/onchain/bump/" + txid, "{\"amountSat\": " + amountSat + "}").get("txid").asText();
    }

    void mine(int blocks) {
        simulator("/simulator/onchain/mine", "{\"blocks\": " + blocks + "}");
    }

    void reorg(int blocks, boolean doubleSpend) {
        simulator("/simulator/onchain/reorg", "{\"blocks\": " + blocks + ", \"doubleSpend\": " + doubleSpend + "}");
    }

    private JsonNode simulator(String path, String body) {
        Response response = payer.post(path, body, null);
        if (response.status() != 200) {
            throw new AssertionError(path + ": " + response.status() + " " + response.body());
        }
        return response.json();
    }

    /** The next callback for this charge, as form fields. */
    Map<String, String> nextCallback(String chargeId) throws InterruptedException {
        while (true) {
            WebhookReceiver.Received received = callbacks.next(WAIT);
            Map<String, String> fields = form(received.body());
            if (chargeId.equals(fields.get("id"))) {
                return fields;
            }
        }
    }

    /** The statuses of every callback received for this charge so far, in order. */
    List<String> callbackStatuses(String chargeId) {
        return callbacks.all.stream().map(r -> form(r.body())).filter(f -> chargeId.equals(f.get("id")))
                .map(f -> f.get("status")).toList();
    }

    void assertLedgerMatches() {
        till.assertLedgerMatches(shop);
    }

    long balance() {
        return till.balance(shop);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (peer != null) {
            peer.close();
        }
        callbacks.close();
        till.close();
        node.close();
    }
}
