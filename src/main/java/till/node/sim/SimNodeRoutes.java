package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated node's HTTP face: clnrest's {@code POST /v1/<method>} with its exact status codes and error bodies,
 * plus {@code POST /simulator/pay/<payment hash>} where a test or demo plays the payer, and the on-chain payer's
 * {@code /simulator/onchain/*} (see {@link SimOnchainRoutes}).
 */
final class SimNodeRoutes {
    private static final Logger log = LoggerFactory.getLogger(SimNodeRoutes.class);
    private static final String JSON = "application/json";
    /** Flask's words for a body that is not JSON, which clnrest returns as a bare JSON string. */
    private static final String UNPARSEABLE = "Unable to parse request: 400 Bad Request: The browser (or proxy) sent a"
            + " request that this server could not understand.";
    private static final String NOT_ALLOWED = "{\"message\": \"The method is not allowed for the requested URL.\"}";

    private final SimRpcMethods methods;
    private final SimNodeState state;
    private final SimOnchainRoutes onchain;
    private final SimJson out;
    private final ObjectMapper json;

    SimNodeRoutes(SimRpcMethods methods, SimNodeState state, SimChain chain, SimJson out) {
        this.methods = methods;
        this.state = state;
        this.onchain = new SimOnchainRoutes(chain, out.mapper());
        this.out = out;
        this.json = out.mapper();
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/{method}", this::rpc);
        routes.get("/v1/{method}", ctx -> ctx.status(405).contentType(JSON).result(NOT_ALLOWED));
        routes.post("/simulator/pay/{paymentHash}", this::simulatePayment);
        routes.post("/simulator/pay-behaviour", this::setPayRule);
        onchain.register(routes);
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("simulated node: unexpected failure on {}", ctx.path(), e);
            send(ctx, 500, json.createObjectNode().put("code", -1).put("message", "internal error: " + e));
        });
    }

    private void rpc(Context ctx) {
        String rune = ctx.header("Rune");
        if (rune == null || rune.isBlank()) {
            send(ctx, 403, out.error(new SimRpcError(403, 1501, "Not authorized: Missing rune", null)));
            return;
        }
        JsonNode body;
        try {
            body = isJson(ctx) ? json.readTree(ctx.bodyAsBytes()) : formFields(ctx.body());
        } catch (IOException e) {
            ctx.status(500).contentType(JSON).result(json.valueToTree(UNPARSEABLE).toString());
            return;
        }
        if (body == null || body.isMissingNode()) {
            ctx.status(500).contentType(JSON).result(json.valueToTree(UNPARSEABLE).toString());
            return;
        }
        String name = ctx.pathParam("method");
        var refusal = SimRune.refusal(rune, name);
        if (refusal.isPresent()) {
            send(ctx, refusal.get().httpStatus, out.error(refusal.get()));
            return;
        }
        var method = methods.find(name);
        if (method.isEmpty()) {
            send(ctx, 404, out.error(new SimRpcError(404, -32601, "Unknown command '" + name + "'", null)));
            return;
        }
        CompletableFuture<ObjectNode> result;
        try {
            result = method.get().body().apply(SimParams.of(body, method.get().params()));
        } catch (SimRpcError e) {
            send(ctx, e.httpStatus, out.error(e));
            return;
        }
        ctx.future(() -> result.handle((value, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof SimRpcError e) {
                send(ctx, e.httpStatus, out.error(e));
            } else if (cause != null) {
                log.error("simulated node: {} failed", name, cause);
                send(ctx, 500, json.createObjectNode().put("code", -1).put("message", "internal error: " + cause));
            } else {
                send(ctx, 201, value);
            }
            return null;
        }));
    }

    /** The payer's side: pays an invoice of this node, as if it arrived over a channel. */
    private void simulatePayment(Context ctx) {
        Long amount = null;
        try {
            String text = ctx.body();
            JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            JsonNode given = body.hasNonNull("amountMsat") ? body.get("amountMsat") : body.get("amount_msat");
            if (given != null && !given.isNull()) {
                amount = SimParams.msat(given);
                if (amount == null) {
                    sendError(ctx, 400, "invalid_amount", "amountMsat must be a positive amount in msat");
                    return;
                }
            }
        } catch (IOException | ClassCastException e) {
            sendError(ctx, 400, "invalid_json", "the body must be a JSON object like {\"amountMsat\": 1000}");
            return;
        }
        try {
            SimInvoice paid = state.pay(ctx.pathParam("paymentHash"), amount);
            send(ctx, 200, out.invoice(paid, state.now()));
        } catch (NoSuchElementException e) {
            sendError(ctx, 404, "unknown_invoice", e.getMessage());
        } catch (IllegalStateException e) {
            sendError(ctx, 409, e.getMessage().replace(' ', '_'), e.getMessage());
        } catch (IllegalArgumentException e) {
            sendError(ctx, 400, "invalid_amount", e.getMessage());
        }
    }

    /** {@code {"amountMsat": N | "payee": id, "code": 205?, "pendingSeconds": 5?}}: how this node's pay treats them. */
    private void setPayRule(Context ctx) {
        SimPayRule rule;
        try {
            rule = json.readValue(ctx.body(), SimPayRule.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            sendError(ctx, 400, "invalid_rule", "expected {\"amountMsat\": N or \"payee\": node id, \"code\"?: CLN pay error,"
                    + " \"pendingSeconds\"?: S}: " + cause.getMessage());
            return;
        }
        state.payments().setRule(rule);
        send(ctx, 200, json.valueToTree(state.payments().rules()));
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(JSON);
    }

    /**
     * clnrest form-decodes a body not marked as JSON; a JSON text then becomes one parameter name, which lightningd
     * rejects as unknown.
     */
    private ObjectNode formFields(String body) {
        ObjectNode fields = json.createObjectNode();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            fields.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return fields;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private void sendError(Context ctx, int status, String code, String message) {
        send(ctx, status, json.createObjectNode().put("error", message).put("code", code));
    }

    private static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(body.toString());
    }
}
