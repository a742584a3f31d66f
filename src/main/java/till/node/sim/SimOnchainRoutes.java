package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * The standalone simulated node's payer on the simulated chain: {@code POST /simulator/onchain/send},
 * {@code /bump/<txid>}, {@code /mine} and {@code /reorg}. Bad input is a 400 {@code {error, code}} like the node's
 * other simulator routes; Till's own port offers the same routes with its error catalogue.
 */
final class SimOnchainRoutes {
    private static final String JSON = "application/json";

    private final SimChain chain;
    private final ObjectMapper json;

    SimOnchainRoutes(SimChain chain, ObjectMapper json) {
        this.chain = chain;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post("/simulator/onchain/send", ctx -> answer(ctx, () -> {
            JsonNode body = body(ctx);
            String address = text(body, "address");
            long amount = whole(body, "amountSat", null, 1, SimChain.MAX_SAT);
            boolean replaceable = flag(body, "replaceable");
            return json.createObjectNode().put("txid", chain.send(address, amount, replaceable));
        }));
        routes.post("/simulator/onchain/bump/{txid}", ctx -> answer(ctx, () -> {
            JsonNode body = body(ctx);
            Long amount = body.hasNonNull("amountSat") ? whole(body, "amountSat", null, 1, SimChain.MAX_SAT) : null;
            return json.createObjectNode().put("txid", chain.bump(ctx.pathParam("txid"), amount));
        }));
        routes.post("/simulator/onchain/mine", ctx -> answer(ctx, () -> {
            int blocks = (int) whole(body(ctx), "blocks", 1L, 1, SimChain.MAX_BLOCKS_PER_CALL);
            ObjectNode result = json.createObjectNode();
            chain.mine(blocks).forEach(result.putArray("blockHashes")::add);
            return result.put("height", chain.height());
        }));
        routes.post("/simulator/onchain/reorg", ctx -> answer(ctx, () -> {
            JsonNode body = body(ctx);
            int blocks = (int) whole(body, "blocks", null, 1, SimChain.MAX_BLOCKS_PER_CALL);
            return json.createObjectNode().put("height", chain.reorg(blocks, flag(body, "doubleSpend")));
        }));
    }

    private interface Action {
        ObjectNode run();
    }

    private static void answer(Context ctx, Action action) {
        try {
            send(ctx, 200, action.run());
        } catch (NoSuchElementException e) {
            send(ctx, 404, error("not_in_mempool", e.getMessage()));
        } catch (IllegalStateException e) {
            send(ctx, 409, error("cannot_replace", e.getMessage()));
        } catch (IllegalArgumentException e) {
            send(ctx, 400, error("invalid_field", e.getMessage()));
        }
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        try {
            JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            if (!body.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.textValue();
    }

    private static long whole(JsonNode body, String field, Long fallback, long min, long max) {
        JsonNode v = body.get(field);
        if ((v == null || v.isNull()) && fallback != null) {
            return fallback;
        }
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new IllegalArgumentException(field + " must be a whole number from " + min + " to " + max);
        }
        return v.longValue();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return v.booleanValue();
    }

    private static ObjectNode error(String code, String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message).put("code", code);
    }

    private static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(body.toString());
    }
}
