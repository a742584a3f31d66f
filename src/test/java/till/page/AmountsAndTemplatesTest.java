package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.fiat.FiatPrice;
import till.fiat.Rate;

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
    void aFiatPriceReadsWithItsSatsAndTheRateAndItsTimeInUtc() {
        assertEquals("90,000", Amounts.decimal(new BigDecimal("90000")));
        assertEquals("1,234,567.50", Amounts.decimal(new BigDecimal("1234567.50")));
        assertEquals("0.01", Amounts.decimal(new BigDecimal("0.01")));
        FiatPrice price = new Rate("EUR", new BigDecimal("91234.56"), Instant.parse("2026-11-30T01:52:59Z"), "coinbase")
                .price(new BigDecimal("1234.5"));
        assertEquals("1,234.50 EUR · 1,353,105.665 sats · 1 BTC = 91,234.56 EUR (coinbase, 2026-11-30 01:52 UTC)",
                Amounts.fiat(price, price.msat()));
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
