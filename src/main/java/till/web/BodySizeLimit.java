package till.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request whose {@code Content-Length} is over the cap with a JSON 413 before anything reads it, then reads
 * and drops the body so the client reads that answer: a client that sends the whole body before it reads (no
 * {@code Expect: 100-continue}: Python's http.client, many SDKs) otherwise gets a broken pipe, because a socket closed
 * with unread data is reset. A body larger than {@link #MAX_DRAIN} is not worth reading: that connection is just closed.
 */
final class BodySizeLimit implements Filter {
    static final long MAX_DRAIN = 16 * 1024 * 1024;

    private final long maxBytes;

    BodySizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long length = ((HttpServletRequest) request).getContentLengthLong();
        if (length <= maxBytes) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse answer = (HttpServletResponse) response;
        byte[] body = JsonErrorHandler.body(413, "The request body is " + length + " bytes; Till accepts at most "
                + maxBytes);
        answer.setStatus(413);
        answer.setContentType("application/json");
        answer.setHeader("Connection", "close");
        answer.setContentLength(body.length);
        answer.getOutputStream().write(body);
        answer.flushBuffer();
        if (length <= MAX_DRAIN) {
            drain(request.getInputStream());
        }
    }

    private static void drain(InputStream body) throws IOException {
        byte[] dropped = new byte[16 * 1024];
        while (body.read(dropped) >= 0) {
            // read to the end and drop
        }
    }
}
