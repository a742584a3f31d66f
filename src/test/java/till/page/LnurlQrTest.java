package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Shop;
import till.bolt11.Bech32;

/**
 * A terminal's static LNURL-pay QR code: the PNG a camera reads holds {@code LIGHTNING:LNURL1…}, the terminal's
 * {@code lnurl}, which decodes back to its endpoint under {@code TILL_PUBLIC_URL}; the POS page shows it under its
 * keypad, with the Lightning address.
 */
class LnurlQrTest {
    @Test
    void theCounterCodeHoldsTheTerminalsLnurlAndThePosShowsIt() {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_PUBLIC_URL", "https://pay.shop.example"))) {
            Shop shop = server.createShop(0);
            server.patch("/accounts/" + shop.accountId() + "/bpts/" + shop.bptId(), "{\"lightningAddress\": \"bar\"}",
                    shop.apiKey());
            String lnurl = server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(0)
                    .get("lnurl").asText();

            HttpResponse<byte[]> png = PageHttp.get(server.url + "/lnurlp/" + shop.bptId() + "/qr.png");
            assertEquals(200, png.statusCode());
            assertEquals("image/png", png.headers().firstValue("content-type").orElse(""));
            assertEquals("LIGHTNING:" + lnurl, QrImages.decode(png.body()).getText());
            Bech32.Decoded decoded = Bech32.decode(lnurl);
            assertEquals("https://pay.shop.example/lnurlp/" + shop.bptId(),
                    new String(Bech32.toBytes(decoded.data()), StandardCharsets.UTF_8));

            HttpResponse<byte[]> svg = PageHttp.get(server.url + "/lnurlp/" + shop.bptId() + "/qr.svg");
            assertEquals(200, svg.statusCode());
            assertTrue(new String(svg.body(), StandardCharsets.UTF_8).startsWith("<svg"));
            assertEquals(404, PageHttp.get(server.url + "/lnurlp/no-such-terminal/qr.svg").statusCode());

            String pos = new String(PageHttp.get(server.url + "/pos/" + shop.bptId()).body(), StandardCharsets.UTF_8);
            assertTrue(pos.contains("src=\"/lnurlp/" + shop.bptId() + "/qr.svg\""), pos);
            assertTrue(pos.contains("Lightning address: bar@pay.shop.example"), pos);
        }
    }
}
