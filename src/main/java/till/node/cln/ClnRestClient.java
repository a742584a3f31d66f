package till.node.cln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import till.node.InvoiceDescription;
import till.node.NodeCallObserver;
import till.node.NodeException;
import till.node.NodeInfo;
import till.node.NodeUnreachableException;

/**
 * Core Lightning over its REST plugin (clnrest): {@code POST {baseUrl}/v1/{method}} with the rune in the
 * {@code Rune} header and the named parameters as a JSON object; 201 and the RPC result, or an RPC error object.
 * Thread-safe; one instance per node, {@link #close()} when done.
 */
public final class ClnRestClient implements AutoCloseable {
    /**
     * Where the node is and how to trust it.
     *
     * @param baseUrl     e.g. {@code https://cln:3010}
     * @param rune        sent as the {@code Rune} header; never logged
     * @param caCert      PEM file of clnrest's CA ({@code CLN_CA_CERT}); null to use the system trust store
     * @param tlsInsecure trust any certificate (explicit opt-out)
     */
    public record Config(String baseUrl, String rune, Path caCert, boolean tlsInsecure) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (rune == null || rune.isBlank()) {
                throw new IllegalArgumentException("rune is required");
            }
        }

        @Override
        public String toString() {
            return "Config[baseUrl=" + baseUrl + ", rune=(hidden), caCert=" + caCert + ", tlsInsecure=" + tlsInsecure + "]";
        }
    }

    /** CLN's error code when {@code waitanyinvoice} reached its timeout. */
    static final int WAIT_TIMED_OUT = 904;
    /** waitblockheight's "Timed out." */
    static final int WAIT_BLOCK_TIMED_OUT = 2000;
    static final int MAX_ERROR_BODY = 64 * 1024;
    static final int MAX_RESULT_BODY = 16 * 1024 * 1024;
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(15);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Pattern METHOD_NAME = Pattern.compile("[a-z0-9_-]+");

    private final HttpUrl baseUrl;
    private final String rune;
    private final OkHttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final NodeCallObserver observer;

    public ClnRestClient(Config config) {
        this(config, NodeCallObserver.NONE);
    }

    /** With an observer told about every call (the metrics' node call latency and errors). */
    public ClnRestClient(Config config, NodeCallObserver observer) {
        this.observer = observer;
        HttpUrl url = HttpUrl.parse(config.baseUrl());
        if (url == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + config.baseUrl());
        }
        this.baseUrl = url;
        this.rune = config.rune();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(30))
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                // Requests come in bursts from many threads: keep their connections instead of reconnecting (OkHttp's
                // default keeps 5).
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES));
        NodeTls.configure(builder, config.caCert(), config.tlsInsecure());
        this.http = builder.build();
    }

    public NodeInfo getInfo() {
        return ClnResults.nodeInfo(call("getinfo", null));
    }

    public ClnCreatedInvoice createInvoice(long amountMsat, String label, InvoiceDescription description, long expirySeconds) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("amount_msat", amountMsat);
        params.put("label", label);
        params.put("description", description.text());
        params.put("expiry", expirySeconds);
        if (description.hashOnly()) {
            params.put("deschashonly", true);
        }
        return ClnResults.createdInvoice(call("invoice", params));
    }

    public Optional<ClnInvoice> findInvoiceByPaymentHash(String paymentHash) {
        return firstInvoice(Map.of("payment_hash", paymentHash));
    }

    /**
     * Invoices changed from update {@code start} on, in the node's update order ({@code updated_index}), at most
     * {@code limit}. Core Lightning 23.08 and later; an older node answers with an RPC error.
     */
    public List<ClnInvoice> listInvoicesUpdatedFrom(long start, int limit) {
        JsonNode invoices = call("listinvoices", Map.of("index", "updated", "start", start, "limit", limit)).path("invoices");
        List<ClnInvoice> result = new ArrayList<>(invoices.size());
        invoices.forEach(invoice -> result.add(ClnResults.invoice(invoice)));
        return result;
    }

    /**
     * The first invoice paid with a pay index above {@code lastPayIndex}, waiting up to {@code timeoutSeconds} for
     * one; empty when the node's wait timed out.
     */
    public Optional<ClnInvoice> waitAnyInvoice(long lastPayIndex, int timeoutSeconds) {
        try {
            JsonNode result = call(patient(timeoutSeconds), "waitanyinvoice", Map.of("lastpay_index", lastPayIndex, "timeout", timeoutSeconds));
            observer.paymentStreamAnswered();
            return Optional.of(ClnResults.invoice(result));
        } catch (ClnRpcException e) {
            if (e.code() == WAIT_TIMED_OUT) {
                observer.paymentStreamAnswered();
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Deletes the invoice with this label if, and only if, it is still unpaid ({@code delinvoice} with
     * {@code status=unpaid}): afterwards the node refuses any payment for it. Answers the invoice as it was.
     *
     * @throws ClnRpcException 905 (no such label), or 906 when it is paid or expired (the error's
     *                         {@code data.current_status} says which); {@link ClnNode#cancelUnpaid} reads them
     */
    public ClnInvoice deleteUnpaidInvoice(String label) {
        return ClnResults.invoice(call("delinvoice", Map.of("label", label, "status", "unpaid")));
    }

    /**
     * Pays a bolt11 and waits for the outcome, which may take up to {@code retryForSeconds}: the node keeps looking
     * for routes that long. Answers the payment (usually complete; "pending" when parts are still in flight).
     *
     * @param amountMsat      only for a bolt11 without an amount; null otherwise
     * @param maxFeeMsat      the absolute fee limit ({@code maxfee}, which overrides maxfeepercent and exemptfee)
     * @throws ClnRpcException the payment failed; {@link ClnRpcException#code()} is CLN's pay error (201-219)
     */
    public ClnPay pay(String bolt11, Long amountMsat, long maxFeeMsat, int retryForSeconds) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("bolt11", bolt11);
        if (amountMsat != null) {
            params.put("amount_msat", amountMsat);
        }
        params.put("maxfee", maxFeeMsat);
        params.put("retry_for", retryForSeconds);
        return ClnResults.payment(call(patient(retryForSeconds), "pay", params));
    }

    /** Every payment attempt the node knows for this payment hash (oldest first); empty when it never saw one. */
    public List<ClnPay> listPays(String paymentHash) {
        JsonNode pays = call("listpays", Map.of("payment_hash", paymentHash)).path("pays");
        List<ClnPay> result = new ArrayList<>();
        pays.forEach(p -> result.add(ClnResults.payment(p)));
        return result;
    }

    /**
     * A new bech32 address of the node's wallet ({@code newaddr addresstype=bech32}).
     *
     * @throws NodeUnreachableException the answer has no {@code bech32} member
     */
    public String newAddress() {
        String address = ClnResults.text(call("newaddr", Map.of("addresstype", "bech32")), "bech32");
        if (address == null) {
            throw unreachable("newaddr", "answered without a bech32 address", null);
        }
        return address;
    }

    /**
     * Waits until the node's best block is at least {@code height}, at most {@code timeoutSeconds}; answers the
     * node's height then. When the wait times out (error 2000) answers getinfo's height, below {@code height}.
     */
    public int waitBlockHeight(int height, int timeoutSeconds) {
        try {
            JsonNode result = call(patient(timeoutSeconds), "waitblockheight",
                    Map.of("blockheight", height, "timeout", timeoutSeconds));
            return (int) ClnResults.longOr(result, "blockheight", height);
        } catch (ClnRpcException e) {
            if (e.code() == WAIT_BLOCK_TIMED_OUT) {
                return (int) getInfo().blockheight();
            }
            throw e;
        }
    }

    /** The wallet's outputs ({@code listfunds}); with {@code spent} the spent ones too. Channels are left out. */
    public List<ClnFund> listFunds(boolean spent) {
        JsonNode outputs = call("listfunds", spent ? Map.of("spent", true) : Map.of()).path("outputs");
        List<ClnFund> result = new ArrayList<>(outputs.size());
        outputs.forEach(o -> result.add(ClnResults.fund(o)));
        return result;
    }

    /** The node's channels ({@code listfunds}'s {@code channels}). */
    public List<ClnChannel> listChannels() {
        JsonNode channels = call("listfunds", Map.of()).path("channels");
        List<ClnChannel> result = new ArrayList<>(channels.size());
        channels.forEach(c -> result.add(ClnResults.channel(c)));
        return result;
    }

    /** The wallet's transactions ({@code listtransactions}): mined ones, and its own broadcasts not mined yet. */
    public List<ClnTransaction> listTransactions() {
        JsonNode transactions = call("listtransactions", Map.of()).path("transactions");
        List<ClnTransaction> result = new ArrayList<>(transactions.size());
        transactions.forEach(t -> result.add(ClnResults.transaction(t)));
        return result;
    }

    /**
     * Sends all of exactly these outputs ({@code "txid:vout"}), minus the fee, to {@code destination}
     * ({@code withdraw satoshi=all utxos=[...]}); the node broadcasts the transaction.
     *
     * @throws ClnRpcException the node refused; see {@link ClnMapping#sweepRefusal}
     */
    public ClnWithdrawal withdrawAll(String destination, List<String> utxos) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("destination", destination);
        params.put("satoshi", "all");
        params.put("utxos", utxos);
        return ClnResults.withdrawal(call("withdraw", params));
    }

    /**
     * Calls any RPC method with named parameters ({@code null} for none; anything Jackson can serialize as an object)
     * and returns its result.
     *
     * @throws ClnRpcException          the node answered with an error
     * @throws NodeUnreachableException no usable answer (network, TLS, timeout, garbage)
     */
    public JsonNode call(String method, Object params) {
        return call(http, method, params);
    }

    /** For calls that may legitimately take {@code seconds}: the read timeout outlasts them. Same pool, other timeout. */
    private OkHttpClient patient(int seconds) {
        return http.newBuilder().readTimeout(Duration.ofSeconds(seconds).plus(WAIT_MARGIN)).build();
    }

    private Optional<ClnInvoice> firstInvoice(Map<String, Object> filter) {
        JsonNode invoices = call("listinvoices", filter).path("invoices");
        return invoices.isArray() && invoices.size() > 0
                ? Optional.of(ClnResults.invoice(invoices.get(0)))
                : Optional.empty();
    }

    /** Every call passes here, so this is the one place that times them. */
    private JsonNode call(OkHttpClient client, String method, Object params) {
        long started = System.nanoTime();
        try {
            JsonNode result = send(client, method, params);
            observer.called(method, System.nanoTime() - started, null);
            return result;
        } catch (NodeException e) {
            observer.called(method, System.nanoTime() - started, e);
            throw e;
        }
    }

    private JsonNode send(OkHttpClient client, String method, Object params) {
        if (method == null || !METHOD_NAME.matcher(method).matches()) {
            throw new IllegalArgumentException("invalid RPC method name: " + method);
        }
        Request request = new Request.Builder()
                .url(baseUrl.newBuilder().addPathSegment("v1").addPathSegment(method).build())
                .header("Rune", rune)
                // clnrest form-decodes any body not marked as JSON.
                .header("Content-Type", JSON.toString())
                .post(RequestBody.create(body(params), JSON))
                .build();
        try (Response response = client.newCall(request).execute();
             InputStream in = response.body().byteStream()) {
            if (!response.isSuccessful()) {
                throw ClnErrorBody.toException(json, method, response.code(), BoundedBody.read(in, MAX_ERROR_BODY));
            }
            return parseResult(method, new LimitedStream(in, MAX_RESULT_BODY));
        } catch (IOException e) {
            throw unreachable(method, describe(e), e);
        }
    }

    private JsonNode parseResult(String method, InputStream body) {
        try {
            JsonNode result = json.readTree(body);
            if (result == null || !result.isObject()) {
                throw unreachable(method, "answered with a result that is not a JSON object", null);
            }
            return result;
        } catch (LimitedStream.LimitExceeded e) {
            throw unreachable(method, "answered with " + e.getMessage(), null);
        } catch (IOException e) {
            throw unreachable(method, "answered with invalid JSON", e);
        }
    }

    private byte[] body(Object params) {
        try {
            return params == null ? "{}".getBytes() : json.writeValueAsBytes(params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private NodeUnreachableException unreachable(String method, String what, Throwable cause) {
        return new NodeUnreachableException(method + ": node at " + where() + " " + what, cause);
    }

    /** Scheme, host and port only: a base URL could carry user info. */
    private String where() {
        return baseUrl.scheme() + "://" + baseUrl.host() + ":" + baseUrl.port();
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return "unreachable: " + e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        // A call still running (a long poll) would hand its connection back to the pool after the eviction, and
        // the pool's closer would keep a thread for it: cancelled, its connection is closed instead.
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
