package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate in front of Javalin's lazily configured WebSocket servlet (see {@link FirstUpgradeAlone}). */
class FirstUpgradeAloneTest {
    private final FirstUpgradeAlone filter = new FirstUpgradeAlone();
    private final List<String> passed = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstInside = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    /** A request with or without the WebSocket key header; the chain records its name and holds "first" inside. */
    private CompletableFuture<Void> send(String name, boolean upgrade) {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> method.getName().equals("getHeader") && upgrade ? "key" : null);
        FilterChain chain = (ServletRequest req, jakarta.servlet.ServletResponse res) -> {
            passed.add(name);
            if (name.equals("first")) {
                firstInside.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return CompletableFuture.runAsync(() -> {
            try {
                filter.doFilter(request, null, chain);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void laterUpgradesWaitForTheFirstWhilePlainRequestsPass() throws Exception {
        CompletableFuture<Void> first = send("first", true);
        assertTrue(firstInside.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> second = send("second", true);
        send("plain", false).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("first", "plain"), passed, "the second upgrade waits; a plain request does not");
        assertFalse(second.isDone());

        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("first", "plain", "second"), passed);

        send("third", true).get(10, TimeUnit.SECONDS);
        assertEquals("third", passed.get(3), "after the first, upgrades pass straight through");
    }
}
