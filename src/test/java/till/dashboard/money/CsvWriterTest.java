package till.dashboard.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
    @Test
    void quotesAsRfc4180Says() throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);
        csv.record(Arrays.asList("plain", null, "a,b", "say \"hi\"", "two\nlines", "cr\r", ""));
        csv.record(Arrays.asList("x"));
        assertEquals("plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\nx\r\n", out.toString());
    }

    @Test
    void neutralisesFormulasInText() {
        assertEquals("'=HYPERLINK(\"x\")", CsvWriter.text("=HYPERLINK(\"x\")"));
        assertEquals("'+1", CsvWriter.text("+1"));
        assertEquals("'-2+3", CsvWriter.text("-2+3"));
        assertEquals("'@SUM(A1)", CsvWriter.text("@SUM(A1)"));
        assertEquals("'\tx", CsvWriter.text("\tx"));
        assertEquals("order 1=2", CsvWriter.text("order 1=2"));
        assertEquals("", CsvWriter.text(""));
        assertEquals(null, CsvWriter.text(null));
        assertEquals("\"'=1,2\"", CsvWriter.quoted(CsvWriter.text("=1,2")));
    }
}
