package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Content-Security-Policy header read as a browser reads it (CSP Level 3): directives with their source lists,
 * fetch directives falling back to {@code default-src}. The pages' policy is held to what it must mean, not to
 * its spelling: scripts and styles only from Till's own files, no inline code, no other origin, the same-origin
 * WebSocket and QR images the pages use, and no framing.
 */
record ContentSecurityPolicy(String header, Map<String, List<String>> directives) {
    /** Directives that, when absent, take {@code default-src}'s sources (navigation ones such as form-action do not). */
    private static final Set<String> FETCH = Set.of("script-src", "style-src", "img-src", "connect-src", "font-src",
            "object-src", "media-src", "frame-src", "worker-src", "manifest-src", "child-src");
    /** Sources that would let a script or style in from somewhere else than Till's own files. */
    private static final Set<String> UNSAFE = Set.of("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'",
            "'wasm-unsafe-eval'", "'strict-dynamic'", "*", "data:", "blob:", "http:", "https:", "ws:", "wss:", "filesystem:");

    static ContentSecurityPolicy parse(String header) {
        assertNotNull(header, "no Content-Security-Policy header");
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String directive : header.split(";")) {
            List<String> words = Arrays.stream(directive.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            if (!words.isEmpty()) {
                // A repeated directive is ignored by browsers after its first appearance.
                directives.putIfAbsent(words.get(0).toLowerCase(Locale.ROOT),
                        words.subList(1, words.size()).stream().map(w -> w.toLowerCase(Locale.ROOT)).toList());
            }
        }
        return new ContentSecurityPolicy(header, directives);
    }

    /** The sources a browser applies for this directive, or null when nothing restricts it. */
    List<String> sources(String directive) {
        List<String> own = directives.get(directive);
        return own != null || !FETCH.contains(directive) ? own : directives.get("default-src");
    }

    /** What the checkout and point-of-sale pages need and nothing more. */
    void assertSafeForThePages() {
        List<String> defaults = directives.get("default-src");
        assertTrue(List.of("'self'").equals(defaults) || List.of("'none'").equals(defaults),
                "default-src must be 'self' or 'none': " + header);
        assertFromTillOnly("script-src", true);
        assertFromTillOnly("style-src", true);
        assertFromTillOnly("connect-src", true); // 'self' covers the same-origin ws:/wss: the pages' sockets use (CSP 3)
        assertFromTillOnly("font-src", false);
        assertFromTillOnly("frame-src", false);
        // The QR code is /invoice/{hash}/qr.svg; data: images are harmless but nothing from another origin.
        List<String> images = sources("img-src");
        assertNotNull(images, "img-src unrestricted: " + header);
        assertTrue(images.contains("'self'"), "the QR image comes from Till itself: " + header);
        assertTrue(Set.of("'self'", "data:").containsAll(images), "images only from Till or data: " + header);
        List<String> objects = sources("object-src");
        assertTrue(objects != null && Set.of("'self'", "'none'").containsAll(objects), "no plugins from elsewhere: " + header);
        assertEquals(List.of("'none'"), directives.get("frame-ancestors"), "no page may frame a payment page: " + header);
        assertRestrictedToSelfOrNone("base-uri");
        assertRestrictedToSelfOrNone("form-action");
    }

    /** {@code used}: the pages load this kind of resource, so Till's own origin must be allowed. */
    private void assertFromTillOnly(String directive, boolean used) {
        List<String> sources = sources(directive);
        assertNotNull(sources, directive + " unrestricted: " + header);
        for (String source : sources) {
            assertFalse(UNSAFE.contains(source), directive + " allows " + source + ": " + header);
        }
        assertTrue(Set.of("'self'", "'none'").containsAll(sources), directive + " allows another origin: " + header);
        if (used) {
            assertTrue(sources.contains("'self'"), directive + " must allow Till's own files: " + header);
        }
    }

    private void assertRestrictedToSelfOrNone(String directive) {
        List<String> sources = directives.get(directive);
        assertTrue(sources != null && !sources.isEmpty() && Set.of("'self'", "'none'").containsAll(sources),
                directive + " must be 'self' or 'none': " + header);
    }
}
