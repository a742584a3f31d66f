package till.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import till.account.Secrets;
import till.node.cln.ClnRestClient;

/**
 * What a scenario measures: a simulated node and Till as child JVMs (or Till alone against the real node named by
 * CLN_REST_URL in the bench's environment), and an account with one terminal created over the API. On PostgreSQL,
 * Till may be several processes on the one database and the one node; the scenario's requests then alternate
 * between them ({@link #tillUrl()}).
 */
final class BenchCluster implements AutoCloseable {
    /** An account, its terminal and its key (charges are made with an account's key). */
    record Shop(String accountId, String bptId, String apiKey) {}

    /**
     * Where Till's processes keep their data: for PostgreSQL, the TILL_DATABASE_* settings of a fresh database and the
     * server's process id; for H2, nothing (a file in each data directory, written inside Till's process).
     */
    record Storage(Map<String, String> env, long serverPid) {
        static final Storage H2_FILE = new Storage(Map.of(), -1);
    }

    /** From process start: until {@code /version} answers (the HTTP server is up) and until {@code /health} is 200. */
    record Startup(double versionMs, double healthMs) {}

    private final BenchOptions options;
    private final Path dir;
    private final Map<String, String> realNode;
    private final BenchHttp http;
    private final Variant variant;
    private final Storage storage;
    // Generated per run and never printed: the bench must not leak keys into logs or results.
    private final String adminKey = "bench-" + Secrets.random(24);
    private final ChildJvm simNode;
    private final String nodeUrl;
    /** The simulated node's bitcoind P2P port; 0 with a real node. */
    private final int peerPort;
    private final Map<String, String> tillEnv = new HashMap<>();
    private final ClnRestClient nodeClient;
    private final List<ChildJvm> tills = new ArrayList<>();
    private final List<Integer> tillPorts = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    private BenchCluster(BenchOptions options, Path dir, Map<String, String> realNode, BenchHttp http, Variant variant,
                         Storage storage) {
        this.options = options;
        this.dir = dir;
        this.realNode = realNode;
        this.http = http;
        this.variant = variant;
        this.storage = storage;
        if (realNode.isEmpty()) {
            int port = ChildJvm.freePort();
            peerPort = ChildJvm.freePort();
            simNode = ChildJvm.start(options.java(), List.of("sim-node", "--port", Integer.toString(port),
                    "--peer-port", Integer.toString(peerPort), "--data", dir.resolve("sim-node").toString()), Map.of(),
                    dir.resolve("sim-node.log"));
            nodeUrl = "http://127.0.0.1:" + port;
            nodeClient = new ClnRestClient(new ClnRestClient.Config(nodeUrl, "bench", null, false));
        } else {
            simNode = null;
            peerPort = 0;
            nodeUrl = realNode.get("CLN_REST_URL");
            String ca = realNode.get("CLN_CA_CERT");
            nodeClient = new ClnRestClient(new ClnRestClient.Config(nodeUrl, realNode.get("CLN_RUNE"),
                    ca == null ? null : Path.of(ca), "true".equalsIgnoreCase(realNode.get("CLN_TLS_INSECURE"))));
        }
        awaitNode();
    }

    /** A fresh cluster in {@code dir} for {@code variant}, its data in {@code storage}; Till is not started yet. */
    static BenchCluster create(BenchOptions options, Path dir, BenchHttp http, Variant variant, Storage storage) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> realNode = new HashMap<>();
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("CLN_")) {
                realNode.put(key, value);
            }
        });
        if (!realNode.containsKey("CLN_REST_URL")) {
            realNode.clear();
        }
        return new BenchCluster(options, dir, realNode, http, variant, storage);
    }

    /** With the simulated node: only then is there a payer to play. */
    boolean simulated() {
        return simNode != null;
    }

    /**
     * Till, when started, follows the simulated node's bitcoind over P2P (TILL_BITCOIN_PEER): only the scenario that
     * measures on-chain payments asks, so that the others measure what they always did.
     */
    void followSimulatedBitcoind() {
        tillEnv.put("TILL_BITCOIN_PEER", "127.0.0.1:" + peerPort);
    }

    /** Starts Till on a fresh data directory and creates a shop. */
    Shop startWithShop() throws IOException, InterruptedException {
        startTill(dir.resolve("till-data"));
        return createShop();
    }

    /**
     * Starts Till's processes one after the other (the first migrates the database), each on a data directory of its
     * own ({@code dataDir}, then {@code dataDir-2}...), and waits until each one's {@code /health} answers 200; returns
     * the first one's start-up times.
     */
    Startup startTill(Path dataDir) {
        if (!tills.isEmpty()) {
            throw new IllegalStateException("Till is already running");
        }
        List<Startup> startups = new ArrayList<>();
        for (int i = 1; i <= variant.processes(); i++) {
            startups.add(startProcess(i, i == 1 ? dataDir : Path.of(dataDir + "-" + i)));
        }
        return startups.get(0);
    }

    private Startup startProcess(int number, Path dataDir) {
        int port = ChildJvm.freePort();
        Map<String, String> env = new HashMap<>(realNode);
        if (simulated()) {
            env.put("CLN_REST_URL", nodeUrl);
            env.put("CLN_RUNE", "bench");
        }
        env.put("TILL_PORT", Integer.toString(port));
        env.put("TILL_PROCESS_NAME", "bench-till-" + number);
        env.putAll(storage.env());
        env.put("TILL_DATA_DIR", dataDir.toString());
        env.put("TILL_ADMIN_KEY", adminKey);
        env.put("TILL_WEBHOOK_ALLOW_PRIVATE", "true");
        // The benchmark is its own flood: the per-terminal and per-address limits would measure themselves.
        env.put("TILL_RATE_LIMIT_PER_TERMINAL", "0");
        env.put("TILL_RATE_LIMIT_PER_ADDRESS", "0");
        // The bench opens its thousands of sockets from one address.
        env.put("TILL_WS_MAX_PER_ADDRESS", "0");
        env.put("TILL_WS_MAX_TOTAL", "0");
        // Every webhook of the bench goes to one receiver: the per-host share (16) would measure that cap, not settling.
        env.put("TILL_WEBHOOK_MAX_PER_HOST", "64");
        env.putAll(tillEnv);
        Path log = dir.resolve(number == 1 ? "till.log" : "till-" + number + ".log");
        ChildJvm till = ChildJvm.start(options.java(), List.of(), env, log);
        tills.add(till);
        tillPorts.add(port);
        String url = "http://127.0.0.1:" + port;
        long versionAt = awaitStatus(url + "/version", till, log);
        long healthAt = awaitStatus(url + "/health", till, log);
        return new Startup((versionAt - till.startedNanos()) / 1e6, (healthAt - till.startedNanos()) / 1e6);
    }

    void stopTill() {
        tills.forEach(ChildJvm::close);
        tills.clear();
        tillPorts.clear();
    }

    Shop createShop() throws IOException, InterruptedException {
        JsonNode account = http.post(tillUrl() + "/accounts", "{\"name\": \"Bench shop\"}", adminKey, 201);
        String id = account.get("id").asText();
        JsonNode bpt = http.post(tillUrl() + "/accounts/" + id + "/bpts", "{\"name\": \"Bench counter\"}", adminKey, 201);
        return new Shop(id, bpt.get("id").asText(), account.get("apiKey").asText());
    }

    /** A Till process's base URL: with several, each call names the next one, so that the load is split evenly. */
    String tillUrl() {
        return "http://127.0.0.1:" + nextPort();
    }

    /** As {@link #tillUrl()}, for WebSockets. */
    String tillWsUrl() {
        return "ws://127.0.0.1:" + nextPort();
    }

    /** The WebSocket base URL of Till process {@code index} (from 0), for a scenario that places its sockets itself. */
    String tillWsUrl(int index) {
        return "ws://127.0.0.1:" + tillPorts.get(index);
    }

    /** How many Till processes are running. */
    int processes() {
        return tillPorts.size();
    }

    private int nextPort() {
        return tillPorts.get(Math.floorMod(turn.getAndIncrement(), tillPorts.size()));
    }

    /** The node's clnrest base URL; with the simulator it also serves {@code POST /simulator/pay/<hash>}. */
    String nodeUrl() {
        return nodeUrl;
    }

    /** The node client Till itself uses, for the node-direct baselines. */
    ClnRestClient nodeClient() {
        return nodeClient;
    }

    String adminKey() {
        return adminKey;
    }

    /** The (first) Till process's id, for the scenarios that measure one process: they run on H2 alone. */
    long tillPid() {
        return tills.get(0).pid();
    }

    /** The CPU time all Till processes have used so far, in milliseconds (see {@link ProcessCpu}). */
    double tillCpuMs() {
        return tills.stream().mapToDouble(till -> ProcessCpu.ms(till.pid())).sum();
    }

    /**
     * The CPU time the database server (with its backends) has used so far, in milliseconds; 0 with H2, whose work
     * is in Till's own processes.
     */
    double databaseCpuMs() {
        return storage.serverPid() < 0 ? 0 : ProcessCpu.withChildrenMs(storage.serverPid());
    }

    /** The simulated node's process id; -1 with a real node. */
    long nodePid() {
        return simNode == null ? -1 : simNode.pid();
    }

    Path dir() {
        return dir;
    }

    private void awaitNode() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                nodeClient.getInfo();
                return;
            } catch (RuntimeException e) {
                last = e;
                if (simNode != null && !simNode.alive()) {
                    break;
                }
                pause();
            }
        }
        throw new IllegalStateException("the node at " + nodeUrl + " did not answer getinfo; see " + dir, last);
    }

    /** Polls every 5 ms; returns the {@link System#nanoTime()} of the first 200. */
    private long awaitStatus(String url, ChildJvm till, Path log) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (http.status(url) == 200) {
                return System.nanoTime();
            }
            if (!till.alive()) {
                throw new IllegalStateException("Till exited during start-up; see " + log);
            }
            pause();
        }
        throw new IllegalStateException(url + " did not answer 200 within 120 s; see " + log);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stopTill();
        nodeClient.close();
        if (simNode != null) {
            simNode.close();
        }
    }
}
