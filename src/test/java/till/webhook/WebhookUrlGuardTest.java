package till.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class WebhookUrlGuardTest {
    @Test
    void onlyPublicAddressesAreAllowed() throws Exception {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "ff02::1",
                "::ffff:127.0.0.1"}) {
            assertFalse(WebhookUrlGuard.isPublic(InetAddress.getByName(address)), address);
        }
        for (String address : new String[] {"1.1.1.1", "93.184.216.34", "2606:4700:4700::1111"}) {
            assertTrue(WebhookUrlGuard.isPublic(InetAddress.getByName(address)), address);
        }
    }
}
