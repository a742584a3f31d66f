package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AmountsAndTemplatesTest {
    @Test
    void amountsReadAsSatsWithDecimalsOnlyWhenNeeded() {
        assertEquals("0.001", Amounts.sats(1));
        assertEquals("1", Amounts.sats(1000));
        assertEquals("1.5", Amounts.sats(1500));
        assertEquals("1,234,567.89", Amounts.sats(1_234_567_890));
        assertEquals("", Amounts.msatDetail(21_000));
        assertEquals("1,500 msat", Amounts.msatDetail(1500));
    }

    @Test
    void templatesEscapeTextInsertMarkupAndRefuseAMissingValue() {
        Template error = Template.load("error");
        String page = error.fill(Map.of("heading", "<b>\"x\" & 'y'</b>", "message", new Html("<em>ok</em>"))).markup();
        assertTrue(page.contains("&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"), page);
        assertTrue(page.contains("<em>ok</em>"), page);
        assertThrows(IllegalStateException.class, () -> error.fill(Map.of("heading", "only one")));
    }
}
