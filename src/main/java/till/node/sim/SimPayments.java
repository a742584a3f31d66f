package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The simulated node's outgoing payment attempts and pay rules, journaled like its invoices. */
final class SimPayments {
    static final String STARTED = "pay_started";
    static final String RULE = "pay_rule";

    private final ObjectMapper json;
    private final Consumer<JsonNode> journal;
    private final List<SimPayment> attempts = new ArrayList<>();
    private final Map<String, SimPayRule> rules = new LinkedHashMap<>();

    SimPayments(ObjectMapper json, Consumer<JsonNode> journal) {
        this.json = json;
        this.journal = journal;
    }

    /** Records a new attempt; the caller builds it with {@link #nextIndex()} under this object's lock. */
    synchronized SimPayment start(SimPayment attempt) {
        ObjectNode event = json.valueToTree(attempt);
        event.put("event", STARTED);
        journal.accept(event);
        attempts.add(attempt);
        return attempt;
    }

    synchronized long nextIndex() {
        return attempts.size() + 1L;
    }

    /** The latest attempt for a payment hash. */
    synchronized Optional<SimPayment> latest(String paymentHash) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).paymentHash().equals(paymentHash)) {
                return Optional.of(attempts.get(i));
            }
        }
        return Optional.empty();
    }

    synchronized List<SimPayment> matching(Predicate<SimPayment> filter) {
        return attempts.stream().filter(filter).toList();
    }

    synchronized void setRule(SimPayRule rule) {
        ObjectNode event = json.valueToTree(rule);
        event.put("event", RULE);
        journal.accept(event);
        apply(rule);
    }

    synchronized List<SimPayRule> rules() {
        return List.copyOf(rules.values());
    }

    /** The rule for this amount, else the one for this payee; the default behaviour when neither has one. */
    synchronized SimPayRule ruleFor(long amountMsat, String destination) {
        return rules.values().stream().filter(r -> r.amountMsat() != null && r.matches(amountMsat, destination)).findFirst()
                .or(() -> rules.values().stream().filter(r -> r.matches(amountMsat, destination)).findFirst())
                .orElse(new SimPayRule(amountMsat, null, null, 0));
    }

    private void apply(SimPayRule rule) {
        if (rule.isDefault()) {
            rules.remove(rule.key());
        } else {
            rules.put(rule.key(), rule);
        }
    }

    /** Replays one journal event of this class; false for events that are not its own. */
    boolean replay(JsonNode event) throws IOException {
        String kind = event.path("event").asText();
        if (!kind.equals(STARTED) && !kind.equals(RULE)) {
            return false;
        }
        ObjectNode fields = ((ObjectNode) event).deepCopy();
        fields.remove("event");
        if (kind.equals(STARTED)) {
            attempts.add(json.treeToValue(fields, SimPayment.class));
        } else {
            apply(json.treeToValue(fields, SimPayRule.class));
        }
        return true;
    }
}
