package till.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import till.FirstRunOnly;
import till.TestPostgres;
import till.store.Database;

/** The bench end to end on its cheapest scenarios: child JVMs, measurement, table and JSON file; its variants. */
class BenchTest {
    @TempDir
    Path out;

    @Test
    @Timeout(120)
    void aQuickInvoiceCreationRunWritesItsFiguresTargetsAndMachineAsJson() throws Exception {
        long started = System.nanoTime();
        int exit = Bench.run(new String[] {"--quick", "--runs", "1", "--scenario", "invoice-creation", "--database", "h2",
                "--out", out.toString()});
        assertEquals(0, exit);

        JsonNode report = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        assertEquals(2, Files.list(out).count(), "results-<time>.json and latest.json");
        assertTrue(report.path("quick").asBoolean());
        assertTrue(report.path("machine").path("cores").asInt() > 0);
        assertFalse(report.path("machine").path("tillJava").asText().isBlank());
        JsonNode scenario = report.path("scenarios").get(0);
        assertEquals("invoice-creation", scenario.path("name").asText());
        assertEquals(1, scenario.path("runs").asInt());
        for (String measure : new String[] {"c1.till.per_s", "c64.till.p99_ms", "c64.node.p50_ms", "c16.version.per_s",
                "c64.overhead.p50_ms"}) {
            assertTrue(scenario.path("perRun").get(0).path(measure).isNumber(), measure);
        }
        JsonNode throughput = scenario.path("rows").get(0);
        assertTrue(throughput.path("value").asDouble() > 0);
        assertTrue(throughput.path("ratio").isNumber(), "every speed figure has its ratio to the baseline");
        JsonNode target = report.path("targets").get(0);
        assertEquals("invoices/s at concurrency 64", target.path("what").asText());
        assertEquals(1000, target.path("limit").asDouble());
        assertTrue(target.path("pass").isBoolean());
        System.out.println("bench smoke run took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    @Test
    @FirstRunOnly
    @Timeout(300)
    void paymentNotificationRunsOnPostgresqlWithTwoTillProcessesBesideH2() throws Exception {
        assumeTrue(TestPostgres.available());
        int exit = Bench.run(new String[] {"--quick", "--runs", "1", "--scenario", "payment-notification",
                "--database", "h2,postgresql", "--processes", "2", "--out", out.toString()});
        assertEquals(0, exit);

        JsonNode report = new ObjectMapper().readTree(Files.readString(out.resolve("latest.json")));
        List<String> variants = new ArrayList<>();
        for (JsonNode scenario : report.path("scenarios")) {
            assertEquals("payment-notification", scenario.path("name").asText());
            assertTrue(scenario.path("failed").isNull(), scenario.path("failed").asText());
            assertEquals(0, scenario.path("perRun").get(0).path("ws.missed").asDouble(), "every WebSocket got its message");
            variants.add(scenario.path("variant").path("label").asText());
        }
        assertEquals(List.of("h2", "postgresql ×2"), variants);
        JsonNode twoProcesses = report.path("scenarios").get(1).path("perRun").get(0);
        assertEquals(0, twoProcesses.path("ws_across.missed").asDouble(), "the other process's sockets were told too");
        assertTrue(twoProcesses.path("ws_across.p50_ms").asDouble() > 0);

        JsonNode comparison = report.path("comparisons").get(0);
        assertEquals("postgresql", comparison.path("variants").get(1).path("database").asText());
        assertEquals(2, comparison.path("variants").get(1).path("processes").asInt());
        JsonNode socketP50 = comparison.path("lines").get(0);
        assertEquals("payment → WebSocket 2nd message p50", socketP50.path("measure").asText());
        assertEquals(1.0, socketP50.path("ratios").get(0).asDouble());
        assertTrue(socketP50.path("ratios").get(1).asDouble() > 0, "PostgreSQL with two processes beside H2 as a ratio");
    }

    @Test
    void theDatabaseScenariosRunOnEachDatabaseChosenAndTheOthersOnH2Alone() {
        Variant postgresql = new Variant(Database.Kind.POSTGRESQL, 1);
        Variant twoProcesses = new Variant(Database.Kind.POSTGRESQL, 2);
        Scenario settlement = new SettlementScenario();
        Scenario storage = new StorageScenario();
        BenchOptions defaults = BenchOptions.parse(new String[0]);
        assertEquals(List.of(Variant.H2, postgresql, twoProcesses), defaults.variants(settlement, true));
        assertEquals(List.of(Variant.H2), defaults.variants(settlement, false), "without PostgreSQL installed");
        assertEquals(List.of(Variant.H2), defaults.variants(storage, true));

        BenchOptions chosen = BenchOptions.parse(new String[] {"--database", "postgresql", "--processes", "2"});
        assertEquals(List.of(twoProcesses), chosen.variants(settlement, true));
        assertEquals(List.of(), chosen.variants(storage, true), "storage measures the H2 file");
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--database", "mysql"}));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--processes", "0"}));
    }
}
