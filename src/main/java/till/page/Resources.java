package till.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files the pages ship inside the jar, under {@code pages/}. */
final class Resources {
    private Resources() {}

    static byte[] read(String path) {
        String full = "pages/" + path;
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(full)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + full);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
