package till.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's one mapper: the time format clients parse, and the strictness that refuses ambiguous bodies. */
class JsonTest {
    private final ObjectMapper mapper = Json.mapper();

    @Test
    void timesAreUtcWithMillisecondsAndAZ() throws Exception {
        assertEquals("{\"at\":\"2026-11-24T09:05:03.120Z\"}",
                mapper.writeValueAsString(Map.of("at", Instant.parse("2026-11-24T09:05:03.120456Z"))));
        assertEquals("\"1970-01-01T00:00:00.000Z\"", mapper.writeValueAsString(Instant.EPOCH));
    }

    @Test
    void trailingTokensDuplicateKeysAndNonNumbersAreRefused() {
        for (String ambiguous : new String[] {"{\"a\": 1} x", "{\"a\": 1, \"a\": 2}", "{\"a\": NaN}", "{\"a\": Infinity}"}) {
            assertThrows(JsonProcessingException.class, () -> mapper.readTree(ambiguous), ambiguous);
        }
    }
}
