package till.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.fiat.RateProvider;
import till.fiat.RatesSetting;

class ConfigTest {

    private static String refused(Map<String, String> env) {
        return assertThrows(Config.Invalid.class, () -> Config.load(env)).getMessage();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Config config = Config.load(Map.of());
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
        assertEquals(0, config.feePpm());
        assertTrue(config.simulated());
        assertFalse(config.webhookAllowPrivate());
        assertEquals(10, config.webhookRetrySchedule().size());
        assertEquals(Duration.ofHours(12), config.webhookRetrySchedule().get(9));
        assertEquals("20/s,burst=60", config.rateLimitPerTerminal().toString());
        assertEquals("50/s,burst=100", config.rateLimitPerAddress().toString());
        assertEquals(Duration.ofSeconds(30), config.httpIdleTimeout());
    }

    @Test
    void theProcessNameIsTheHostAndPidUnlessSet() {
        assertTrue(Config.load(Map.of()).processName().endsWith("-" + ProcessHandle.current().pid()));
        assertEquals("till-a", Config.load(Map.of("TILL_PROCESS_NAME", "till-a")).processName());
        assertEquals("TILL_PROCESS_NAME is too long: use at most 200 characters",
                refused(Map.of("TILL_PROCESS_NAME", "x".repeat(201))));
    }

    @Test
    void rateLimitsAndTheIdleTimeoutAreConfigurable() {
        Config config = Config.load(Map.of("TILL_RATE_LIMIT_PER_TERMINAL", "600/m", "TILL_RATE_LIMIT_PER_ADDRESS", "0",
                "TILL_HTTP_IDLE_TIMEOUT", "2"));
        assertEquals("600/m", config.rateLimitPerTerminal().toString());
        assertTrue(config.rateLimitPerAddress().isOff());
        assertEquals(Duration.ofSeconds(2), config.httpIdleTimeout());
        assertEquals("TILL_RATE_LIMIT_PER_TERMINAL must be like 20/s, 600/m or 20/s,burst=60 (0 = off), not 'lots'",
                refused(Map.of("TILL_RATE_LIMIT_PER_TERMINAL", "lots")));
        assertTrue(refused(Map.of("TILL_RATE_LIMIT_PER_ADDRESS", "5/s,burst=0")).startsWith("TILL_RATE_LIMIT_PER_ADDRESS "));
        assertEquals("TILL_HTTP_IDLE_TIMEOUT must be a whole number from 1 to 3600, not '0'",
                refused(Map.of("TILL_HTTP_IDLE_TIMEOUT", "0")));
    }

    @Test
    void onchainSettings() {
        Config defaults = Config.load(Map.of());
        assertNull(defaults.onchain(), "unset: decided at start from what the node can do");
        assertEquals(1, defaults.onchainConfirmations());
        assertNull(defaults.bitcoinPeer());
        Config set = Config.load(Map.of("TILL_ONCHAIN", "true", "TILL_ONCHAIN_CONFIRMATIONS", "0",
                "TILL_BITCOIN_PEER", "127.0.0.1:18444"));
        assertEquals(Boolean.TRUE, set.onchain());
        assertEquals(0, set.onchainConfirmations());
        assertEquals("127.0.0.1", set.bitcoinPeer().getHostString());
        assertEquals(18444, set.bitcoinPeer().getPort());
        assertEquals("::1", Config.load(Map.of("TILL_BITCOIN_PEER", "[::1]:8333")).bitcoinPeer().getHostString());
        assertEquals("bitcoind.lan", Config.load(Map.of("TILL_BITCOIN_PEER", "bitcoind.lan:8333")).bitcoinPeer().getHostString());
        assertEquals(Boolean.FALSE, Config.load(Map.of("TILL_ONCHAIN", "false")).onchain());
        assertEquals("TILL_ONCHAIN_CONFIRMATIONS must be a whole number from 0 to 144, not '145'",
                refused(Map.of("TILL_ONCHAIN_CONFIRMATIONS", "145")));
        assertEquals("TILL_BITCOIN_PEER must be host:port (e.g. 127.0.0.1:8333, or [::1]:8333), not '127.0.0.1'",
                refused(Map.of("TILL_BITCOIN_PEER", "127.0.0.1")));
        assertEquals("TILL_BITCOIN_PEER must be host:port (e.g. 127.0.0.1:8333, or [::1]:8333), not 'localhost:0'",
                refused(Map.of("TILL_BITCOIN_PEER", "localhost:0")));
        assertEquals("TILL_ONCHAIN must be true or false, not 'auto'", refused(Map.of("TILL_ONCHAIN", "auto")));
        assertEquals("TILL_BITCOIN_PEER is set but TILL_ONCHAIN is false: unset one of them",
                refused(Map.of("TILL_ONCHAIN", "false", "TILL_BITCOIN_PEER", "127.0.0.1:8333")));
    }

    @Test
    void wrongValuesStopWithOneClearLine() {
        assertEquals("CLN_REST_URL is set but CLN_RUNE is not", refused(Map.of("CLN_REST_URL", "https://127.0.0.1:3010")));
        assertEquals("TILL_PORT must be a whole number from 0 to 65535, not 'eighty'", refused(Map.of("TILL_PORT", "eighty")));
        assertEquals("TILL_PORT must be a whole number from 0 to 65535, not '70000'", refused(Map.of("TILL_PORT", "70000")));
        assertEquals("TILL_FEE_PPM must be a whole number from 0 to 1000000, not '-3'", refused(Map.of("TILL_FEE_PPM", "-3")));
        assertEquals("CLN_TLS_INSECURE must be true or false, not 'yes'",
                refused(Map.of("CLN_REST_URL", "https://x:1", "CLN_RUNE", "r", "CLN_TLS_INSECURE", "yes")));
        assertTrue(refused(Map.of("CLN_REST_URL", "localhost:3010", "CLN_RUNE", "r")).startsWith("CLN_REST_URL must be an http"));
        assertTrue(refused(Map.of("CLN_RUNE", "r")).contains("CLN_REST_URL is not"));
        assertTrue(refused(Map.of("CLN_REST_URL", "https://x:1", "CLN_RUNE", "r", "CLN_CA_CERT", "/no/such/ca.pem"))
                .startsWith("CLN_CA_CERT points to /no/such/ca.pem"));
        assertTrue(refused(Map.of("TILL_WEBHOOK_RETRY_SCHEDULE", "5s,soon")).contains("'soon'"));
        assertTrue(refused(Map.of("TILL_ADMIN_KEY", "short")).startsWith("TILL_ADMIN_KEY is too short"));
        assertTrue(refused(Map.of("TILL_METRICS_KEY", "short")).startsWith("TILL_METRICS_KEY is too short"));
        assertTrue(refused(Map.of("TILL_PUBLIC_URL", "shop.example")).startsWith("TILL_PUBLIC_URL must be"));
    }

    @Test
    void aRealNodeConfiguration() throws Exception {
        Path ca = TestTill.tempDir().resolve("ca.pem");
        Files.createFile(ca);
        Config config = Config.load(Map.of("CLN_REST_URL", "https://127.0.0.1:3010/", "CLN_RUNE", "secret-rune",
                "CLN_CA_CERT", ca.toString(), "TILL_PUBLIC_URL", "https://pay.example.com/",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "1s, 2m,3h"));
        assertFalse(config.simulated());
        assertEquals("https://127.0.0.1:3010", config.clnRestUrl());
        assertEquals("https://pay.example.com", config.publicUrl());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(3)), config.webhookRetrySchedule());
        assertFalse(config.toString().contains("secret-rune"), "secrets stay out of logs");
    }

    @Test
    void aPropertiesFileSetsTheSameKeysAndTheEnvironmentWins() throws Exception {
        Path file = TestTill.tempDir().resolve("till.properties");
        Files.writeString(file, "TILL_PORT=9999\nTILL_FEE_PPM=42\n");
        Config config = Config.load(Map.of("TILL_CONFIG", file.toString(), "TILL_PORT", "7000"));
        assertEquals(7000, config.port());
        assertEquals(42, config.feePpm());
    }

    @Test
    void theRateSourceIsSimulatedWithoutANodeAndCoinbaseWithOne() {
        assertEquals(new RatesSetting.Simulated(), Config.load(Map.of()).rates());
        Config real = Config.load(Map.of("CLN_REST_URL", "https://127.0.0.1:3010", "CLN_RUNE", "rune"));
        assertEquals(new RatesSetting.Live(RateProvider.COINBASE, "https://api.coinbase.com/v2/exchange-rates?currency=BTC",
                Duration.ofSeconds(60), Duration.ofMinutes(10)), real.rates());
    }

    @Test
    void aNamedRateSourceItsUrlAndItsTimesAreConfigurable() {
        Config config = Config.load(Map.of("TILL_RATES_SOURCE", "Kraken", "TILL_RATES_URL", "http://127.0.0.1:9/0/public/Ticker?pair=XBTEUR",
                "TILL_RATES_REFRESH", "30", "TILL_RATES_MAX_AGE", "300"));
        assertEquals(new RatesSetting.Live(RateProvider.KRAKEN, "http://127.0.0.1:9/0/public/Ticker?pair=XBTEUR",
                Duration.ofSeconds(30), Duration.ofMinutes(5)), config.rates());
        for (String name : List.of("coinbase", "kraken", "coingecko", "mempool")) {
            assertEquals(name, ((RatesSetting.Live) Config.load(Map.of("TILL_RATES_SOURCE", name)).rates()).provider().id());
        }
    }

    @Test
    void fixedRatesArePositiveDecimalsOfIsoCurrencies() {
        RatesSetting fixed = Config.load(Map.of("TILL_RATES_SOURCE", "fixed:USD=100000, eur=90000.50")).rates();
        assertEquals(new RatesSetting.Fixed(Map.of("USD", new BigDecimal("100000"),
                "EUR", new BigDecimal("90000.50"))), fixed);
        assertEquals("TILL_RATES_SOURCE=fixed: takes the price of one bitcoin per currency, like"
                + " fixed:USD=100000,EUR=90000.50, not 'USD=-5'", refused(Map.of("TILL_RATES_SOURCE", "fixed:USD=-5")));
        assertEquals("TILL_RATES_SOURCE=fixed: XYZ is not an ISO 4217 currency code",
                refused(Map.of("TILL_RATES_SOURCE", "fixed:XYZ=5")));
        assertEquals("TILL_RATES_SOURCE=fixed: XAU is not an ISO 4217 currency code",
                refused(Map.of("TILL_RATES_SOURCE", "fixed:XAU=30")), "gold is no shop's currency");
        assertEquals("TILL_RATES_SOURCE=fixed: the price of USD must be positive",
                refused(Map.of("TILL_RATES_SOURCE", "fixed:USD=0.00")));
        assertEquals("TILL_RATES_SOURCE=fixed: USD is given twice",
                refused(Map.of("TILL_RATES_SOURCE", "fixed:USD=1,usd=2")));
        for (String bad : List.of("fixed:", "fixed:USD", "fixed:USD=1e5", "fixed:USD=1,", "fixed:USD=1;EUR=2", "fixed:BTC=1")) {
            assertTrue(refused(Map.of("TILL_RATES_SOURCE", bad)).startsWith("TILL_RATES_SOURCE=fixed: "), bad);
        }
    }

    @Test
    void aBadRateSettingStopsTillWithOneLine() {
        assertEquals("TILL_RATES_SOURCE must be one of coinbase, kraken, coingecko, mempool or"
                + " fixed:USD=100000,EUR=90000, not 'bitstamp'", refused(Map.of("TILL_RATES_SOURCE", "bitstamp")));
        assertEquals("TILL_RATES_URL must be an http:// or https:// URL with a host, not 'ftp://rates'",
                refused(Map.of("TILL_RATES_SOURCE", "coinbase", "TILL_RATES_URL", "ftp://rates")));
        assertTrue(refused(Map.of("TILL_RATES_URL", "http://127.0.0.1:9/prices")).startsWith(
                "TILL_RATES_URL is set but TILL_RATES_SOURCE is not"));
        assertTrue(refused(Map.of("TILL_RATES_URL", "http://127.0.0.1:9/prices", "CLN_REST_URL", "https://127.0.0.1:3010",
                "CLN_RUNE", "rune")).startsWith("TILL_RATES_URL is set but TILL_RATES_SOURCE is not"), "with a node too");
        assertEquals("TILL_RATES_URL is set but TILL_RATES_SOURCE is fixed: unset one of them",
                refused(Map.of("TILL_RATES_SOURCE", "fixed:USD=1", "TILL_RATES_URL", "http://127.0.0.1:9/")));
        assertEquals("TILL_RATES_MAX_AGE must be a whole number from 10 to 86400, not '5'",
                refused(Map.of("TILL_RATES_MAX_AGE", "5")));
        assertEquals("TILL_RATES_REFRESH must be a whole number from 1 to 3600, not '1m'",
                refused(Map.of("TILL_RATES_REFRESH", "1m")));
        assertTrue(refused(Map.of("TILL_RATES_REFRESH", "300", "TILL_RATES_MAX_AGE", "600"))
                .startsWith("TILL_RATES_REFRESH (300 s) must be at most a third of TILL_RATES_MAX_AGE (600 s)"));
    }

    @Test
    void mainPrintsTheLineAndExitsWithStatus2() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "till.Till").redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("TILL_") || key.startsWith("CLN_"));
        builder.environment().put("CLN_REST_URL", "https://127.0.0.1:3010");
        Process bad = builder.start();
        String output = new String(bad.getInputStream().readAllBytes());
        assertEquals(2, bad.waitFor());
        assertEquals("till: CLN_REST_URL is set but CLN_RUNE is not", output.strip());
    }
}
