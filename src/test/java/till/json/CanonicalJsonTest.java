package till.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return CanonicalJson.of(MAPPER.readTree(json));
    }

    @Test
    void membersSortedAtEveryDepthWithoutWhitespace() throws Exception {
        assertEquals("{\"a\":1,\"b\":{\"x\":[{\"m\":true,\"n\":null}],\"y\":\"s\"}}",
                canonical(" { \"b\" : { \"y\": \"s\", \"x\": [ { \"n\": null, \"m\": true } ] }, \"a\": 1 } "));
    }

    @Test
    void theSameRequestWhateverItsOrder() throws Exception {
        assertEquals(canonical("{\"accountId\": \"a\", \"bolt11\": \"lnbc1\", \"maxFeeMsat\": 5}"),
                canonical("{\"maxFeeMsat\": 5, \"bolt11\": \"lnbc1\", \"accountId\": \"a\"}"));
    }

    @Test
    void arraysKeepTheirOrderAndValuesTheirTypes() throws Exception {
        assertNotEquals(canonical("[1, 2]"), canonical("[2, 1]"));
        assertNotEquals(canonical("{\"a\": 1}"), canonical("{\"a\": \"1\"}"));
        assertNotEquals(canonical("{\"a\": {\"b\": 1}}"), canonical("{\"a\": {\"b\": 2}}"));
        assertEquals("[[\"x\"],{}]", canonical("[ [\"x\"], {} ]"));
        assertEquals("7", canonical(" 7 "));
    }
}
