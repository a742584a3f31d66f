package till.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpUrlsTest {
    @Test
    void httpAndHttpsInAnyLetterCase() {
        assertEquals("http", HttpUrls.parse("HTTP://shop.example/hook").scheme());
        assertEquals("https", HttpUrls.parse("hTtPs://shop.example/hook?x=1").scheme());
        assertTrue(HttpUrls.isHttpUrl("https://shop.example:8443/a/b"));
        assertTrue(HttpUrls.isHttpUrl("http://[2001:db8::1]:8080/"));
    }

    @Test
    void otherSchemesRelativeAndHostless() {
        for (String url : new String[] {"ftp://shop.example/", "javascript:alert(1)", "/hook", "shop.example/hook",
                "http://", "https:///path", "mailto:a@b.c", ""}) {
            assertFalse(HttpUrls.isHttpUrl(url), url);
        }
    }

    @Test
    void whatOnlyOneOfTheTwoParsersReads() {
        // java.net.URI reads it; OkHttp does not (the zone id): delivery would fail at every attempt.
        assertNull(HttpUrls.parse("http://[::ffff:127.0.0.1%25lo]:18499/"));
        // OkHttp reads it; java.net.URI does not (a space).
        assertNull(HttpUrls.parse("http://shop.example/a b"));
    }

    @Test
    void numericHostsOtherThanADottedQuad() {
        assertTrue(HttpUrls.isHttpUrl("http://203.0.113.7/"));
        assertTrue(HttpUrls.isHttpUrl("http://255.255.255.255/"));
        for (String host : new String[] {"127.1", "2130706433", "1.2.3.4.5", "256.1.1.1", "01.2.3.4"}) {
            assertNull(HttpUrls.parse("http://" + host + "/"), host);
        }
    }

    @Test
    void addressLiterals() {
        assertTrue(HttpUrls.isAddressLiteral("203.0.113.7"));
        assertTrue(HttpUrls.isAddressLiteral("2001:db8::1"));
        assertFalse(HttpUrls.isAddressLiteral("shop.example"));
        assertFalse(HttpUrls.isAddressLiteral("1.2.3"));
    }
}
