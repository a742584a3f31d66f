package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.RawHttp;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Shop;

/**
 * LNbits' OpenNode funding source ({@code lnbits/wallets/opennode.py}, lnbits/lnbits at 7d98c6b, v1.5.2-rc3) with
 * Till as its {@code OPENNODE_API_ENDPOINT}: each request byte for byte as it sends them, and every field it reads.
 * Its HTTP client is httpx 0.27.2 (LNbits' uv.lock): headers in httpx's order (Host, its defaults Accept,
 * Accept-Encoding without brotli or zstandard, Connection, then the client's User-Agent and Authorization),
 * JSON bodies as Python's {@code json.dumps} writes them ({@code ", "} and {@code ": "}).
 */
class LnbitsOpenNodeWalletTest {
    private static TestTill server;
    private static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start();
        shop = server.createShop(0);
        server.fund(shop, 10_000_000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What httpx 0.27.2 puts on the wire for LNbits' client ({@code OpenNodeWallet.__init__}, lines 44-48). */
    private static RawHttp.Answer lnbits(String method, String path, String json, String key) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port()).append("\r\n")
                .append("Accept: */*\r\n")
                .append("Accept-Encoding: gzip, deflate\r\n")
                .append("Connection: keep-alive\r\n")
                .append("User-Agent: LNbits/1.5.2-rc3\r\n")
                .append("Authorization: ").append(key).append("\r\n");
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n")
                    .append("Content-Type: application/json\r\n");
        }
        head.append("\r\n");
        try (Socket socket = RawHttp.connect("127.0.0.1", port())) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            // httpx would keep the connection for the next request; closing our side makes Till answer and close.
            socket.shutdownOutput();
            return RawHttp.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port() {
        return Integer.parseInt(server.url.substring(server.url.lastIndexOf(':') + 1));
    }

    /** httpx's {@code r.is_error}: 4xx or 5xx. */
    private static boolean isError(RawHttp.Answer r) {
        return r.status() >= 400;
    }

    @Test
    void statusReadsTheBalanceInSatoshis() {
        // status(), lines 56-68: GET /v1/account/balance, then data.balance.BTC * 1000 as msat.
        RawHttp.Answer r = lnbits("GET", "/v1/account/balance", null, shop.apiKey());
        assertFalse(isError(r), r.body());
        JsonNode btc = r.json().path("data").path("balance").path("BTC");
        assertTrue(btc.isIntegralNumber(), r.body());
        assertEquals(server.balance(shop) / 1000, btc.asLong(), "whole satoshis, rounded down");
    }

    @Test
    void statusWithAWrongKeyReadsTheMessage() {
        // lines 62-64: r.json()["message"] of an error, shown as the funding source's error.
        RawHttp.Answer r = lnbits("GET", "/v1/account/balance", null, "not-a-key");
        assertEquals(401, r.status());
        assertTrue(r.json().path("message").isTextual(), r.body());
        assertFalse(r.json().path("message").asText().isEmpty());
    }

    @Test
    void anInvoiceIsAChargeAndItsStatusFollowsThePayment() {
        // create_invoice(), lines 81-100: POST /v1/charges {"amount", "description": memo or ""}; reads data.id and
        // data.lightning_invoice.payreq.
        RawHttp.Answer r = lnbits("POST", "/v1/charges", "{\"amount\": 1000, \"description\": \"coffee\"}", shop.apiKey());
        assertFalse(isError(r), r.body());
        String checkingId = r.json().path("data").path("id").asText();
        String payreq = r.json().path("data").path("lightning_invoice").path("payreq").asText();
        assertFalse(checkingId.isEmpty(), r.body());
        assertTrue(payreq.startsWith("lnbcrt10u1"), "1000 sat on regtest: " + payreq);

        // get_invoice_status(), lines 122-128: GET /v1/charge/{id}; data.status must be a key of its map.
        Map<String, Boolean> statuses = new HashMap<>();
        statuses.put("processing", null);
        statuses.put("paid", true);
        statuses.put("unpaid", null);
        statuses.put("expired", false);
        RawHttp.Answer before = lnbits("GET", "/v1/charge/" + checkingId, null, shop.apiKey());
        assertFalse(isError(before), before.body());
        String unpaid = before.json().path("data").path("status").asText();
        assertTrue(statuses.containsKey(unpaid), unpaid);
        assertEquals(null, statuses.get(unpaid), "still pending: " + unpaid);

        assertEquals(200, server.pay(TestInvoices.paymentHash(payreq)).status());
        RawHttp.Answer after = lnbits("GET", "/v1/charge/" + checkingId, null, shop.apiKey());
        String status = after.json().path("data").path("status").asText();
        assertTrue(statuses.containsKey(status), status);
        assertEquals(Boolean.TRUE, statuses.get(status), "paid");
    }

    @Test
    void anInvoiceWithoutMemoSendsAnEmptyDescription() {
        RawHttp.Answer r = lnbits("POST", "/v1/charges", "{\"amount\": 21, \"description\": \"\"}", shop.apiKey());
        assertFalse(isError(r), r.body());
        assertTrue(r.json().path("data").path("lightning_invoice").path("payreq").asText().startsWith("lnbcrt210n1"));
    }

    @Test
    void aPaymentIsAWithdrawalAndItsStatusIsReadBack() {
        // pay_invoice(), lines 102-120: POST /v2/withdrawals {"type": "ln", "address": bolt11}; reads data.id,
        // data.fee (sats, times -1000 as msat) and data.status ("paid" would be final; anything else is pending).
        String bolt11 = TestInvoices.external(3_000_000L);
        RawHttp.Answer r = lnbits("POST", "/v2/withdrawals", "{\"type\": \"ln\", \"address\": \"" + bolt11 + "\"}",
                shop.apiKey());
        assertFalse(isError(r), r.body());
        JsonNode data = r.json().path("data");
        String checkingId = data.path("id").asText();
        assertFalse(checkingId.isEmpty(), r.body());
        assertTrue(data.path("fee").isIntegralNumber(), r.body());
        assertTrue(data.path("status").isTextual(), r.body());

        // get_payment_status(), lines 130-145: GET /v1/withdrawal/{id}; data.status a key of its map, data.fee a number.
        Map<String, Boolean> statuses = new HashMap<>();
        statuses.put("initial", null);
        statuses.put("pending", null);
        statuses.put("confirmed", true);
        statuses.put("error", null);
        statuses.put("failed", false);
        RawHttp.Answer read = lnbits("GET", "/v1/withdrawal/" + checkingId, null, shop.apiKey());
        assertFalse(isError(read), read.body());
        String status = read.json().path("data").path("status").asText();
        assertEquals(Boolean.TRUE, statuses.get(status), "confirmed: " + read.body());
        long feeSat = read.json().path("data").path("fee").asLong();
        assertTrue(read.json().path("data").path("fee").isIntegralNumber());
        assertEquals(4, feeSat, "the simulated network's fee of 3,001 msat (1 msat + 0.1%), in sats rounded up");
    }

    @Test
    void aPaymentTheBalanceCannotCoverReadsTheMessage() {
        // pay_invoice(), lines 109-112: an error's r.json()["message"] is logged and returned as the error.
        RawHttp.Answer r = lnbits("POST", "/v2/withdrawals", "{\"type\": \"ln\", \"address\": \""
                + TestInvoices.external(900_000_000L) + "\"}", shop.apiKey());
        assertEquals(422, r.status(), r.body());
        assertTrue(r.json().path("message").asText().contains("balance"), r.body());
    }
}
