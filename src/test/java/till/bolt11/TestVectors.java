package till.bolt11;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The BOLT #11 example invoices from {@code bolt11/vectors.md}: every quoted heading ({@code > #...}) in
 * "# Examples" or "# Examples of Invalid Invoices" and the first non-blank line after it, quoted or bare.
 */
final class TestVectors {

    static final String PAYEE = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    static final String PRIVATE_KEY = "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734";

    record Vector(boolean valid, String heading, String invoice) {
        @Override
        public String toString() {
            return heading;
        }
    }

    private TestVectors() {
    }

    static List<Vector> valid() {
        return all().stream().filter(Vector::valid).toList();
    }

    static List<Vector> invalid() {
        return all().stream().filter(v -> !v.valid()).toList();
    }

    static List<Vector> all() {
        List<Vector> vectors = new ArrayList<>();
        Boolean valid = null;
        String heading = null;
        for (String line : read().split("\n")) {
            if (line.startsWith("# Examples of Invalid Invoices")) {
                valid = false;
            } else if (line.startsWith("# Examples")) {
                valid = true;
            } else if (valid != null && line.startsWith("> #")) {
                heading = line.replaceFirst("^> #+\\s*", "");
            } else if (heading != null) {
                String content = line.replaceFirst("^>", "").strip();
                if (!content.isEmpty()) {
                    vectors.add(new Vector(valid, heading, content));
                    heading = null;
                }
            }
        }
        return vectors;
    }

    private static String read() {
        try (InputStream in = TestVectors.class.getResourceAsStream("/bolt11/vectors.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
