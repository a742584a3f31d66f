package till.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import till.WebhookReceiver.Answer;
import till.WebhookReceiver.Received;

/** The invoice hashes whose webhook a receiver accepted (answered 200). */
final class DeliveredWebhooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<String> hashes = ConcurrentHashMap.newKeySet();

    /** Accepts the webhook and notes its invoice; 400 for a body that is not a Till webhook. */
    Answer accept(Received hook) {
        try {
            hashes.add(JSON.readTree(hook.body()).get("transaction").get("invoiceHash").asText());
            return Answer.of(200);
        } catch (Exception e) {
            return Answer.of(400);
        }
    }

    boolean containsAll(Collection<String> invoiceHashes) {
        return hashes.containsAll(invoiceHashes);
    }
}
