package till.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the first WebSocket upgrade after start-up through alone. Javalin 7.2.3 sets up its WebSocket servlet's
 * configuration on the first upgrade, lazily and without a lock, so two first upgrades at once can fail with a 500
 * (a NullPointerException in {@code JavalinJettyServlet.getServletContextConfig}): seen when 250 point-of-sale sockets
 * connected to a freshly started Till. Later upgrades pass straight through.
 */
final class FirstUpgradeAlone implements Filter {
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (done.getCount() == 0 || ((HttpServletRequest) request).getHeader("Sec-WebSocket-Key") == null) {
            chain.doFilter(request, response);
        } else if (taken.compareAndSet(false, true)) {
            try {
                chain.doFilter(request, response);
            } finally {
                done.countDown();
            }
        } else {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException("interrupted while the first WebSocket upgrade was set up", e);
            }
            chain.doFilter(request, response);
        }
    }
}
