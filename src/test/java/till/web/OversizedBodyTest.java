package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.RawHttp;
import till.TestTill;

/**
 * A client that sends a whole oversized body without waiting for {@code 100-continue} (Python's http.client, many
 * SDKs) and only then reads must read the 413, not a broken pipe or a reset: every time, not most times.
 */
class OversizedBodyTest {
    private static final int TRIES = 30;
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aThreeMegabyteBodySentWholeGetsA413JsonAnswerEveryTime() throws Exception {
        int port = URI.create(server.url).getPort();
        byte[] body = new byte[3 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        String head = "POST /invoice/add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        for (int i = 0; i < TRIES; i++) {
            try (Socket socket = RawHttp.connect("127.0.0.1", port)) {
                // Like http.client: the whole request goes out first (a failed write fails the test), then the answer is read.
                CompletableFuture.runAsync(() -> {
                    try {
                        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().write(body);
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).get(30, TimeUnit.SECONDS);
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
                assertEquals(413, answer.status(), "try " + i + ": " + answer.body());
                assertEquals("body_too_large", answer.json().get("code").asText(), "try " + i);
                assertEquals("application/json", answer.headers().get("content-type").replaceAll(";.*", ""));
            }
        }
    }
}
