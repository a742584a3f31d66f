package till.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole run, as written to {@code results-<time>.json} and {@code latest.json}: each scenario's result on each
 * variant it ran on.
 */
record BenchReport(String startedAtUtc, MachineInfo machine, int runs, int heavyRuns, boolean quick,
                   List<ScenarioResult> scenarios) {

    /** Every target of every scenario that ran, with its verdict. */
    @JsonProperty
    public List<ScenarioResult.Target> targets() {
        return scenarios.stream().flatMap(s -> s.targets().stream()).toList();
    }

    /** Each scenario measured on several variants (databases, Till processes): its figures side by side. */
    @JsonProperty
    public List<VariantComparison> comparisons() {
        Map<String, List<ScenarioResult>> byName = new LinkedHashMap<>();
        scenarios.forEach(s -> byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s));
        return byName.values().stream().flatMap(results -> VariantComparison.of(results).stream()).toList();
    }

    /** Writes the JSON file for this run and copies it to latest.json; returns the run's file. */
    Path write(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve("results-" + startedAtUtc.replace(":", "") + ".json");
        mapper().writeValue(file.toFile(), this);
        Files.copy(file, outDir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** NaN ("not measured") becomes null: JSON has no NaN. */
    private static ObjectMapper mapper() {
        JsonSerializer<Double> nanAsNull = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value.isNaN() || value.isInfinite()) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        SimpleModule module = new SimpleModule("bench").addSerializer(Double.class, nanAsNull).addSerializer(double.class, nanAsNull);
        return new ObjectMapper().registerModule(module).enable(SerializationFeature.INDENT_OUTPUT);
    }
}
