package till.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import till.error.Problem;

class WebhookUrlGuardTest {
    private static boolean global(String literal) throws Exception {
        return GlobalAddresses.isGlobal(InetAddress.getByName(literal));
    }

    @Test
    void privateAndSpecialPurposeAddressesAreRefused() throws Exception {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "ff02::1",
                "::ffff:127.0.0.1", "fec0::1",
                // IANA IPv4 special-purpose: IETF protocol assignments, documentation, 6to4 relay anycast
                "192.0.0.1", "192.0.0.170", "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1",
                // IANA IPv6 special-purpose: discard-only, local-use NAT64, IETF assignments, benchmarking,
                // ORCHIDv2, documentation (both), SRv6 SIDs, and nothing outside 2000::/3
                "100::1", "64:ff9b:1::1", "2001:2::1", "2001:20::1", "2001:db8::1", "3fff::1", "5f00::1", "4000::1",
                // IPv4 carried in IPv6: compatible, NAT64, 6to4, Teredo (server 192.0.2.1 / client 10.0.0.1)
                "::127.0.0.1", "::10.0.0.1", "64:ff9b::127.0.0.1", "64:ff9b::c0a8:101", "2002:7f00:1::1",
                "2002:a00:1::1", "2001:0:5ef5:79fb:0:0:f5ff:fffe", "2001:0:c000:201:0:0:5ef5:79fb"}) {
            assertFalse(global(address), address);
        }
        for (String address : new String[] {"1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2620:4f:8000::1",
                "::1.1.1.1", "64:ff9b::101:101", "2002:101:101::1", "2001:0:5ef5:79fb:0:0:fefe:fefe",
                "192.0.1.255", "192.0.3.0", "100.63.255.255", "100.128.0.0"}) {
            assertTrue(global(address), address);
        }
    }

    @Test
    void theBenchmarkingAndReservedBlocksEndExactlyWhereTheyShould() throws Exception {
        // 198.18.0.0/15
        assertTrue(global("198.17.255.255"));
        assertFalse(global("198.18.0.0"));
        assertFalse(global("198.19.255.255"));
        assertTrue(global("198.20.0.0"));
        // 224/4 multicast then 240/4 reserved, up to the broadcast address
        assertTrue(global("223.255.255.255"));
        assertFalse(global("239.255.255.255"));
        assertFalse(global("240.0.0.0"));
        assertFalse(global("255.255.255.254"));
    }

    @Test
    void aHostNameIsResolvedOnceAndALiteralNever() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        Dns counting = host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByName("93.184.216.34"));
        };
        WebhookUrlGuard guard = new WebhookUrlGuard(false, counting);
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), guard.lookup("shop.example"));
        assertEquals(1, lookups.get());
        guard.checkUrl("webhookUrl", "https://93.184.216.34/hook");
        guard.checkUrl("webhookUrl", "https://[2606:4700:4700::1111]/hook");
        assertEquals(1, lookups.get());
        assertThrows(WebhookUrlGuard.NotAllowed.class,
                () -> guard.checkBeforeConnect(okhttp3.HttpUrl.get("http://[64:ff9b::7f00:1]/")));
        assertEquals(1, lookups.get());
    }

    @Test
    void numericHostsThatAreNotFourNumbersAreRefusedWithoutALookup() {
        WebhookUrlGuard guard = new WebhookUrlGuard(true, host -> {
            throw new AssertionError("looked up " + host);
        });
        for (String url : new String[] {"http://127.1/", "http://2130706433/", "http://1.2.3.4.5/", "http://010.0.0.1/",
                "http://[::ffff:127.0.0.1%25lo]:18499/"}) {
            Problem refused = assertThrows(Problem.class, () -> guard.checkUrl("webhookUrl", url), url);
            assertEquals("invalid_field", refused.code(), url);
        }
        Problem refused = assertThrows(Problem.class, () -> new WebhookUrlGuard(false).checkUrl("callback_url", "HTTP://127.0.0.1/"));
        assertEquals("webhook_url_not_allowed", refused.code());
        assertEquals("callback_url", refused.field());
    }
}
