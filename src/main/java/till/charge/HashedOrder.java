package till.charge;

import till.account.Secrets;

/**
 * OpenNode's callback signature: hex HMAC-SHA256 keyed with the API key that created the charge (or withdrawal), over
 * its id.
 */
public final class HashedOrder {
    private HashedOrder() {}

    public static String of(String apiKey, String chargeId) {
        return Secrets.hmacHex(apiKey, chargeId);
    }
}
