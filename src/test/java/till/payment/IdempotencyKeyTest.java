package till.payment;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.MovableClock;
import till.TestInvoices;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.account.Secrets;
import till.bolt11.Network;
import till.json.CanonicalJson;
import till.store.Database;

/** Idempotency-Keys: compared canonically, expiring, and never stuck "in progress" after a request died. */
class IdempotencyKeyTest {
    private static final MovableClock CLOCK = new MovableClock();
    private static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Shop fundedShop() {
        Shop shop = server.createShop(0);
        server.fund(shop, 100_000);
        return shop;
    }

    /** A bolt11 of another node, fresh by Till's (moved) clock. */
    private static String bolt11(long amountMsat) {
        return TestInvoices.external(Network.REGTEST, amountMsat, CLOCK.instant().getEpochSecond(), 600);
    }

    private static Response withKey(String key, String body, Shop shop) {
        return TillClient.send(HttpRequest.newBuilder(URI.create(server.url + "/invoice/pay"))
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)), shop.apiKey());
    }

    private static String body(Shop shop, String bolt11) {
        return "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \"" + bolt11 + "\", \"maxFeeMsat\": 100}";
    }

    @Test
    void theSameBodyWithItsMembersInAnotherOrderIsTheSameRequest() {
        Shop shop = fundedShop();
        String bolt11 = bolt11(1000);
        Response first = withKey("order", body(shop, bolt11), shop);
        assertEquals(200, first.status(), first.body());
        Response reordered = withKey("order", "{\"maxFeeMsat\": 100, \"bolt11\": \"" + bolt11 + "\", \"accountId\": \""
                + shop.accountId() + "\"}", shop);
        assertEquals(200, reordered.status(), reordered.body());
        assertEquals(first.body(), reordered.body());
    }

    @Test
    void aKeyExpiresAfter24Hours() {
        Shop shop = fundedShop();
        assertEquals(200, withKey("daily", body(shop, bolt11(1000)), shop).status());
        Response reused = withKey("daily", body(shop, bolt11(2000)), shop);
        assertEquals("idempotency_key_reused", reused.text("code"));

        CLOCK.advance(IdempotencyKeys.EXPIRY.plusMinutes(1));
        Response fresh = withKey("daily", body(shop, bolt11(2000)), shop);
        assertEquals(200, fresh.status(), fresh.body());
        assertEquals(2000, fresh.json().get("amountMsat").asLong());
        assertEquals(100_000 - 1000 - 2 - 2000 - 3, server.balance(shop));
    }

    @Test
    void aClaimLeftByARequestThatDiedIsAnsweredWithThePaymentItStarted() throws Exception {
        Shop shop = fundedShop();
        String bolt11 = bolt11(3000);
        // The request paid, then Till died before it stored its answer: the payment exists, the claim has no answer.
        Response paid = server.payBolt11(shop, bolt11);
        assertEquals("succeeded", paid.text("status"), paid.body());
        claimAsADeadRequest(shop, "died-after-paying", body(shop, bolt11));

        assertEquals("idempotency_key_in_progress", withKey("died-after-paying", body(shop, bolt11), shop).text("code"),
                "a fresh claim may still be answered by its own request");
        CLOCK.advance(IdempotencyKeys.STALE_AFTER.plusSeconds(1));
        Response resolved = withKey("died-after-paying", body(shop, bolt11), shop);
        assertEquals(200, resolved.status(), resolved.body());
        assertEquals(paid.text("id"), resolved.text("id"));
        assertEquals(resolved.body(), withKey("died-after-paying", body(shop, bolt11), shop).body(), "and kept");
        assertEquals(100_000 - 3000 - 4, server.balance(shop), "paid once");
    }

    @Test
    void aClaimLeftByARequestThatDiedBeforePayingIsRunAgainOnce() throws Exception {
        Shop shop = fundedShop();
        String bolt11 = bolt11(4000);
        claimAsADeadRequest(shop, "died-before-paying", body(shop, bolt11));
        CLOCK.advance(IdempotencyKeys.STALE_AFTER.plusSeconds(1));
        Response paid = withKey("died-before-paying", body(shop, bolt11), shop);
        assertEquals(200, paid.status(), paid.body());
        assertEquals("succeeded", paid.text("status"));
        assertEquals(paid.body(), withKey("died-before-paying", body(shop, bolt11), shop).body());
        assertEquals(100_000 - 4000 - 5, server.balance(shop));
    }

    /** The row a request leaves when Till dies after claiming its key and before answering. */
    private static void claimAsADeadRequest(Shop shop, String key, String body) throws Exception {
        String requestHash = Secrets.hash(CanonicalJson.of(TillClient.JSON.readTree(body)));
        try (Database database = TestDatabase.open(server.dataDir)) {
            database.jdbi().useExtension(IdempotencyDao.class,
                    dao -> dao.claim(shop.accountId(), key, requestHash, CLOCK.instant()));
        }
    }
}
