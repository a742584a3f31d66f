package till.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bench end to end on its cheapest scenario: child JVMs, measurement, table and JSON file. */
class BenchTest {
    @TempDir
    Path out;

    @Test
    @Timeout(120)
    void aQuickInvoiceCreationRunWritesItsFiguresTargetsAndMachineAsJson() throws Exception {
        long started = System.nanoTime();
        int exit = Bench.run(new String[] {"--quick", "--runs", "1", "--scenario", "invoice-creation", "--out", out.toString()});
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
}
