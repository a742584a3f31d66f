package till.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.json}: the hand-kept OpenAPI 3.1 description in the jar (no OpenAPI plugin exists for Javalin 7). */
final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";

    private OpenApiDocument() {}

    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
