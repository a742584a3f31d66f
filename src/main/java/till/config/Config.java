package till.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import till.fiat.RatesSetting;
import till.net.HttpUrls;
import till.ratelimit.Rate;
import till.store.DatabaseSetting;
import till.web.SocketCaps;
import till.webhook.RetrySchedule;

/**
 * Till's settings, read once at start from environment variables (or the same keys in a properties file)
 * and checked so that a wrong value stops the process with one clear line.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String publicUrl,
        String adminKey,
        int feePpm,
        boolean webhookAllowPrivate,
        List<Duration> webhookRetrySchedule,
        int webhookMaxPerHost,
        String clnRestUrl,
        String clnRune,
        Path clnCaCert,
        boolean clnTlsInsecure,
        String metricsKey,
        Rate rateLimitPerTerminal,
        Rate rateLimitPerAddress,
        Rate rateLimitRedeliver,
        Rate rateLimitSignIn,
        Duration httpIdleTimeout,
        SocketCaps webSockets,
        Boolean onchain,
        int onchainConfirmations,
        InetSocketAddress bitcoinPeer,
        RatesSetting rates,
        DatabaseSetting database,
        String processName) {
    static final String DEFAULT_RATE_PER_TERMINAL = "20/s,burst=60";
    static final String DEFAULT_RATE_PER_ADDRESS = "50/s,burst=100";
    static final String DEFAULT_RATE_REDELIVER = "10/m,burst=20";
    /** Dashboard sign-in attempts per client address: a person mistyping, or pasting the wrong key, a few times. */
    static final String DEFAULT_RATE_SIGN_IN = "10/m";
    /** As long as the process registry's column allows. */
    static final int MAX_PROCESS_NAME = 200;
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9.-]+)):([0-9]{1,5})");

    /** Thrown for a setting that cannot be used; its message is the one line the user sees. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Without the admin key, the metrics key and the rune: a Config may end up in a log. */
    @Override
    public String toString() {
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl
                + ", feePpm=" + feePpm + ", clnRestUrl=" + clnRestUrl + ", onchain=" + onchain
                + ", onchainConfirmations=" + onchainConfirmations + ", bitcoinPeer=" + bitcoinPeer + ", database=" + database
                + ", processName=" + processName + "]";
    }

    /** The most confirmations TILL_ONCHAIN_CONFIRMATIONS may ask for: a day of blocks. */
    public static final int MAX_CONFIRMATIONS = 144;

    public boolean simulated() {
        return clnRestUrl == null;
    }

    /**
     * Reads the settings: environment first, then the properties file named by {@code TILL_CONFIG}
     * (or {@code till.properties} in the working directory when it exists).
     */
    public static Config load(Map<String, String> env) {
        Properties file = new Properties();
        String fileName = env.get("TILL_CONFIG");
        Path path = Path.of(fileName == null ? "till.properties" : fileName);
        if (fileName != null || Files.exists(path)) {
            try (Reader reader = Files.newBufferedReader(path)) {
                file.load(reader);
            } catch (IOException e) {
                throw new Invalid("cannot read the configuration file " + path + ": " + e.getMessage());
            }
        }
        return from(key -> {
            String value = env.get(key);
            if (value == null) {
                value = file.getProperty(key);
            }
            return value == null || value.isBlank() ? null : value.trim();
        });
    }

    static Config from(Function<String, String> settings) {
        String host = or(settings.apply("TILL_HOST"), "127.0.0.1");
        int port = intIn(settings, "TILL_PORT", 8080, 0, 65535);
        Path dataDir = Path.of(or(settings.apply("TILL_DATA_DIR"), "data")).toAbsolutePath().normalize();
        String publicUrl = settings.apply("TILL_PUBLIC_URL");
        if (publicUrl != null) {
            publicUrl = httpUrl("TILL_PUBLIC_URL", publicUrl).replaceAll("/+$", "");
        }
        String adminKey = settings.apply("TILL_ADMIN_KEY");
        if (adminKey != null && adminKey.length() < 16) {
            throw new Invalid("TILL_ADMIN_KEY is too short: use at least 16 characters (better: leave it unset and let Till generate one)");
        }
        String metricsKey = settings.apply("TILL_METRICS_KEY");
        if (metricsKey != null && metricsKey.length() < 16) {
            throw new Invalid("TILL_METRICS_KEY is too short: use at least 16 characters (or leave it unset for an open /metrics)");
        }
        int feePpm = intIn(settings, "TILL_FEE_PPM", 0, 0, 1_000_000);
        boolean allowPrivate = bool(settings, "TILL_WEBHOOK_ALLOW_PRIVATE");
        List<Duration> schedule = retrySchedule(or(settings.apply("TILL_WEBHOOK_RETRY_SCHEDULE"), "5s,30s,2m,10m,30m,1h,2h,4h,8h,12h"));
        int maxPerHost = intIn(settings, "TILL_WEBHOOK_MAX_PER_HOST", 16, 1, 64);

        Rate perTerminal = rate(settings, "TILL_RATE_LIMIT_PER_TERMINAL", DEFAULT_RATE_PER_TERMINAL);
        Rate perAddress = rate(settings, "TILL_RATE_LIMIT_PER_ADDRESS", DEFAULT_RATE_PER_ADDRESS);
        Rate redeliver = rate(settings, "TILL_RATE_LIMIT_REDELIVER", DEFAULT_RATE_REDELIVER);
        Rate signIn = rate(settings, "TILL_RATE_LIMIT_SIGN_IN", DEFAULT_RATE_SIGN_IN);
        Duration idleTimeout = Duration.ofSeconds(intIn(settings, "TILL_HTTP_IDLE_TIMEOUT", 30, 1, 3600));
        SocketCaps sockets = new SocketCaps(intIn(settings, "TILL_WS_MAX_PER_ADDRESS", 500, 0, 10_000_000),
                intIn(settings, "TILL_WS_MAX_PER_INVOICE", 20, 0, 10_000_000),
                intIn(settings, "TILL_WS_MAX_TOTAL", SocketCaps.defaultTotal(), 0, 10_000_000));

        String clnUrl = settings.apply("CLN_REST_URL");
        String rune = settings.apply("CLN_RUNE");
        String caCert = settings.apply("CLN_CA_CERT");
        boolean insecure = bool(settings, "CLN_TLS_INSECURE");
        if (clnUrl != null) {
            clnUrl = httpUrl("CLN_REST_URL", clnUrl).replaceAll("/+$", "");
            if (rune == null) {
                throw new Invalid("CLN_REST_URL is set but CLN_RUNE is not");
            }
        } else if (rune != null || caCert != null || insecure) {
            throw new Invalid("CLN_RUNE, CLN_CA_CERT or CLN_TLS_INSECURE is set but CLN_REST_URL is not");
        }
        Path caPath = null;
        if (caCert != null) {
            caPath = Path.of(caCert);
            if (!Files.isReadable(caPath)) {
                throw new Invalid("CLN_CA_CERT points to " + caPath + ", which does not exist or cannot be read");
            }
            if (insecure) {
                throw new Invalid("CLN_CA_CERT and CLN_TLS_INSECURE=true are both set: choose one");
            }
        }
        // Unset: on when the node can give addresses (decided at start, see Till); true: required; false: Lightning only.
        Boolean onchain = settings.apply("TILL_ONCHAIN") == null ? null : bool(settings, "TILL_ONCHAIN");
        int confirmations = intIn(settings, "TILL_ONCHAIN_CONFIRMATIONS", 1, 0, MAX_CONFIRMATIONS);
        InetSocketAddress peer = hostPort("TILL_BITCOIN_PEER", settings.apply("TILL_BITCOIN_PEER"));
        if (peer != null && Boolean.FALSE.equals(onchain)) {
            throw new Invalid("TILL_BITCOIN_PEER is set but TILL_ONCHAIN is false: unset one of them");
        }
        RatesSetting rates = rates(settings, clnUrl == null);
        DatabaseSetting database;
        try {
            database = DatabaseSetting.of(settings.apply("TILL_DATABASE_URL"), settings.apply("TILL_DATABASE_USER"),
                    settings.apply("TILL_DATABASE_PASSWORD"));
        } catch (DatabaseSetting.Invalid e) {
            throw new Invalid(e.getMessage());
        }
        String processName = or(settings.apply("TILL_PROCESS_NAME"), defaultProcessName());
        if (processName.length() > MAX_PROCESS_NAME) {
            throw new Invalid("TILL_PROCESS_NAME is too long: use at most " + MAX_PROCESS_NAME + " characters");
        }
        return new Config(host, port, dataDir, publicUrl, adminKey, feePpm, allowPrivate, schedule, maxPerHost,
                clnUrl, rune, caPath, insecure, metricsKey, perTerminal, perAddress, redeliver, signIn, idleTimeout, sockets,
                onchain, confirmations, peer, rates, database, processName);
    }

    /** {@code <hostname>-<pid>}: unique among processes on one database as long as host names are. */
    private static String defaultProcessName() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    /** The kernel's host name where Linux tells it (no name look-up, which can take seconds), else Java's. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "till";
            }
        }
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static int intIn(Function<String, String> settings, String key, int fallback, int min, int max) {
        String value = settings.apply(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw new Invalid(key + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** TILL_RATES_SOURCE with TILL_RATES_URL, TILL_RATES_REFRESH and TILL_RATES_MAX_AGE (see {@link RatesSetting}). */
    private static RatesSetting rates(Function<String, String> settings, boolean simulated) {
        Duration refresh = Duration.ofSeconds(intIn(settings, "TILL_RATES_REFRESH", 60, 1, 3600));
        Duration maxAge = Duration.ofSeconds(intIn(settings, "TILL_RATES_MAX_AGE", 600, 10, 86_400));
        try {
            return RatesSetting.parse(settings.apply("TILL_RATES_SOURCE"), settings.apply("TILL_RATES_URL"), refresh,
                    maxAge, simulated);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static Rate rate(Function<String, String> settings, String key, String fallback) {
        try {
            return Rate.parse(or(settings.apply(key), fallback));
        } catch (IllegalArgumentException e) {
            throw new Invalid(key + " " + e.getMessage());
        }
    }

    private static boolean bool(Function<String, String> settings, String key) {
        String value = settings.apply(key);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new Invalid(key + " must be true or false, not '" + value + "'");
    }

    /** {@code host:port} ({@code [v6 address]:port} for IPv6), not resolved: the peer connects (and reconnects) by name. */
    static InetSocketAddress hostPort(String key, String value) {
        if (value == null) {
            return null;
        }
        Matcher m = HOST_PORT.matcher(value);
        if (m.matches()) {
            String host = m.group(1) != null ? m.group(1) : m.group(2);
            int port = Integer.parseInt(m.group(3));
            if (port >= 1 && port <= 65535) {
                return InetSocketAddress.createUnresolved(host, port);
            }
        }
        throw new Invalid(key + " must be host:port (e.g. 127.0.0.1:8333, or [::1]:8333), not '" + value + "'");
    }

    private static String httpUrl(String key, String value) {
        if (HttpUrls.isHttpUrl(value)) {
            return value;
        }
        throw new Invalid(key + " must be an http:// or https:// URL with a host, not '" + value + "'");
    }

    /** Parses "5s,30s,2m,1h" into delays. */
    static List<Duration> retrySchedule(String value) {
        try {
            return RetrySchedule.parse(value).delays();
        } catch (IllegalArgumentException e) {
            throw new Invalid("TILL_WEBHOOK_RETRY_SCHEDULE " + e.getMessage());
        }
    }
}
