package till.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    @Test
    void matchesTheStandardWebhooksSpecExample() {
        // The example of the Standard Webhooks specification (standard-webhooks/standard-webhooks, spec/standard-webhooks.md).
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                        "{\"test\": 2432232314}"));
    }

    @Test
    void aSecretWithoutTheWhsecPrefixIsUsedAsItsUtf8Bytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("shop-secret-é".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal("msg_1.1700000000.{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, WebhookSigner.sign("shop-secret-é", "msg_1", 1_700_000_000L, "{}"));
    }

    @Test
    void canSignTellsWhichSecretsGiveAKey() {
        assertTrue(WebhookSigner.canSign("a-plain-secret"));
        assertTrue(WebhookSigner.canSign("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
        assertFalse(WebhookSigner.canSign("whsec_"), "whsec_ alone decodes to no key");
        assertTrue(WebhookSigner.canSign("whsec_!!not-base64!!"), "not base64: used as it is, like any string");
    }
}
