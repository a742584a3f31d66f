package till.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import till.WebhookReceiver.Answer;
import till.WebhookReceiver.Received;

/** The invoice hashes whose webhook a receiver accepted (answered 200), and the webhook-ids it came with. */
final class DeliveredWebhooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** invoice hash -> the distinct webhook-ids accepted for it (a retry of one event keeps its id). */
    private final Map<String, Set<String>> idsByInvoice = new ConcurrentHashMap<>();

    /** Accepts the webhook and notes its invoice; 400 for a body that is not a Till webhook. */
    Answer accept(Received hook) {
        try {
            String hash = JSON.readTree(hook.body()).get("transaction").get("invoiceHash").asText();
            idsByInvoice.computeIfAbsent(hash, h -> ConcurrentHashMap.newKeySet()).add(String.valueOf(hook.header("webhook-id")));
            return Answer.of(200);
        } catch (Exception e) {
            return Answer.of(400);
        }
    }

    /** A receiver's script that fails 30 % of the requests (draws from {@code random}) and accepts the others. */
    Function<Received, Answer> failingThirtyPercent(Random random) {
        return hook -> {
            synchronized (random) {
                if (random.nextInt(10) < 3) {
                    return Answer.of(500);
                }
            }
            return accept(hook);
        };
    }

    boolean containsAll(Collection<String> invoiceHashes) {
        return idsByInvoice.keySet().containsAll(invoiceHashes);
    }

    /** The invoices delivered under more than one webhook-id: one payment announced as several events. */
    Map<String, Set<String>> severalIds() {
        Map<String, Set<String>> several = new TreeMap<>();
        idsByInvoice.forEach((hash, ids) -> {
            if (ids.size() > 1) {
                several.put(hash, Set.copyOf(ids));
            }
        });
        return several;
    }
}
