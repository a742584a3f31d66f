package till.dashboard.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.dashboard.DashboardClient;
import till.dashboard.DashboardClient.Page;

/**
 * Paying a bolt11 of another (simulated) node from the shop's dashboard: reviewed first (amount, payee, expiry, fee
 * cap), paid once however often its form is sent, listed; a balance too low is said and pays nothing.
 */
class DashboardPayoutsTest {
    private static final Pattern FORM_KEY = Pattern.compile("name=\"formKey\" value=\"([^\"]+)\"");
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Page review(DashboardClient dashboard, String bolt11, String amountSat) {
        return dashboard.get("/dashboard/payouts/review?bolt11=" + URLEncoder.encode(bolt11, StandardCharsets.UTF_8)
                + "&amountSat=" + amountSat);
    }

    private static String formKey(Page review) {
        Matcher m = FORM_KEY.matcher(review.body());
        assertTrue(m.find(), "a pay form with its key: " + review.body());
        return m.group(1);
    }

    private static Map<String, String> payForm(String bolt11, String amountSat, String formKey) {
        Map<String, String> form = new HashMap<>();
        form.put("bolt11", bolt11);
        form.put("amountSat", amountSat);
        form.put("formKey", formKey);
        return form;
    }

    private static Shop fundedShop(long msat) {
        Shop shop = server.createShop(0);
        server.fund(shop, msat);
        return shop;
    }

    @Test
    void aBolt11IsReviewedPaidOnceAndListed() throws Exception {
        Shop shop = fundedShop(100_000_000);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        String bolt11 = TestInvoices.external(2_000_000L);
        String hash = TestInvoices.paymentHash(bolt11);

        Page review = review(dashboard, bolt11, "");
        assertEquals(200, review.status(), review.body());
        assertTrue(review.body().contains("2,000 sats"), "the amount");
        assertTrue(review.body().contains(TestInvoices.PAYEE.getPublicKeyAsHex()), "the payee");
        assertTrue(review.body().contains("from another node"), "the description");
        assertTrue(review.body().contains("at most 10 sats in routing fees"), "the fee cap: 0.5 %");
        assertTrue(review.body().contains("2,010 sats"), "amount and fee cap reserved");
        assertTrue(review.body().contains("100,000 sats"), "the balance");
        assertEquals(100_000_000, server.balance(shop), "a review pays nothing");

        String key = formKey(review);
        Page paid = dashboard.post("/dashboard/payouts", payForm(bolt11, "", key));
        assertEquals(303, paid.status(), paid.body());
        assertTrue(paid.location().startsWith("/dashboard/payouts?payment="), paid.location());
        Page again = dashboard.post("/dashboard/payouts", payForm(bolt11, "", key));
        assertEquals(paid.location(), again.location(), "the same form again: the same payment");
        Page otherForm = dashboard.post("/dashboard/payouts", payForm(bolt11, "", formKey(review(dashboard, bolt11, ""))));
        assertEquals(paid.location(), otherForm.location(), "the same bolt11 from another review: still one payment");

        Response payment = server.get("/payment/" + hash, shop.apiKey());
        assertEquals("succeeded", payment.text("status"), payment.body());
        long fee = payment.json().get("feeMsat").asLong();
        assertEquals(100_000_000 - 2_000_000 - fee, server.balance(shop), "paid once");
        server.assertLedgerMatches(shop);

        Page shown = dashboard.get(paid.location());
        assertTrue(shown.body().contains("Paid 2,000 sats"), shown.body());
        assertEquals(1, count(shown.body(), "data-payment-hash=\"" + hash + "\""), "listed once");
        assertTrue(shown.body().contains("data-status=\"succeeded\""));
    }

    @Test
    void aFormSentTwiceAtOncePaysOnce() throws Exception {
        Shop shop = fundedShop(50_000_000);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        String bolt11 = TestInvoices.external(1_000_000L);
        String key = formKey(review(dashboard, bolt11, ""));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Page>> sent = List.of(
                    pool.submit(() -> dashboard.post("/dashboard/payouts", payForm(bolt11, "", key))),
                    pool.submit(() -> dashboard.post("/dashboard/payouts", payForm(bolt11, "", key))),
                    pool.submit(() -> dashboard.post("/dashboard/payouts", payForm(bolt11, "", key))),
                    pool.submit(() -> dashboard.post("/dashboard/payouts", payForm(bolt11, "", key))));
            for (Future<Page> answer : sent) {
                assertEquals(303, answer.get().status(), answer.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        Response payment = server.get("/payment/" + TestInvoices.paymentHash(bolt11), shop.apiKey());
        assertEquals("succeeded", payment.text("status"), payment.body());
        assertEquals(50_000_000 - 1_000_000 - payment.json().get("feeMsat").asLong(), server.balance(shop));
        assertEquals(1, count(dashboard.get("/dashboard/payouts").body(),
                "data-payment-hash=\"" + TestInvoices.paymentHash(bolt11) + "\""));
    }

    @Test
    void aBalanceTooLowIsSaidAndNothingIsPaid() {
        Shop shop = fundedShop(1_000_000);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        String bolt11 = TestInvoices.external(999_000L);
        Page review = review(dashboard, bolt11, "");
        assertEquals(200, review.status());
        assertTrue(review.body().contains("The balance does not cover the amount plus the fee cap"), review.body());
        assertFalse(review.body().contains("name=\"formKey\""), "no pay button");

        Page refused = dashboard.post("/dashboard/payouts", payForm(bolt11, "", "a-form-key"));
        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("The balance does not cover 1004000 msat"), refused.body());
        assertEquals(404, server.get("/payment/" + TestInvoices.paymentHash(bolt11), shop.apiKey()).status());
        assertEquals(1_000_000, server.balance(shop));
    }

    @Test
    void aBadBolt11OrAMissingAmountShowsTheFormAgain() {
        Shop shop = fundedShop(1_000_000);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        Page garbage = review(dashboard, "lnbcrt1garbage", "");
        assertEquals(400, garbage.status());
        assertTrue(garbage.body().contains("lnbcrt1garbage</textarea>"), "what was pasted stays");
        assertTrue(garbage.body().contains("bolt11"), garbage.body());

        String amountless = TestInvoices.external(null);
        Page noAmount = review(dashboard, amountless, "");
        assertEquals(400, noAmount.status());
        assertTrue(noAmount.body().contains("amount"), noAmount.body());
        Page withAmount = review(dashboard, amountless, "300");
        assertEquals(200, withAmount.status(), withAmount.body());
        assertTrue(withAmount.body().contains("300 sats") && withAmount.body().contains("at most 5 sats"), withAmount.body());
        Page paid = dashboard.post("/dashboard/payouts", payForm(amountless, "300", formKey(withAmount)));
        assertEquals(303, paid.status(), paid.body());
        assertEquals(1_000_000 - 300_000 - server.get("/payment/" + TestInvoices.paymentHash(amountless), shop.apiKey())
                .json().get("feeMsat").asLong(), server.balance(shop));

        Page expired = review(dashboard, TestInvoices.external(till.bolt11.Network.REGTEST, 1000L, 1_000_000L, 60), "");
        assertEquals(422, expired.status());
        assertTrue(expired.body().contains("expired"), expired.body());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
