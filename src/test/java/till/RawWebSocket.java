package till;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client over a plain socket, for what java.net.http cannot do on Java 17: choose the client's source
 * address (see {@link RawHttp#connect}), and open thousands of sockets cheaply. Reads the server's text and close
 * frames; pings are skipped (Till does not need their pongs).
 */
public final class RawWebSocket implements AutoCloseable {
    private static final int TEXT = 1;
    private static final int CLOSE = 8;

    /** A text message, or the close frame (with its code) when {@code text} is null. */
    public record Frame(String text, int closeCode) {
        public JsonNode json() {
            try {
                return TillClient.JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens {@code path} on 127.0.0.1:{@code port} from {@code source}; fails unless the server switches protocols. */
    public static RawWebSocket open(String source, int port, String path) {
        Socket socket = RawHttp.connect(source, port);
        try {
            String handshake = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(handshake.getBytes(StandardCharsets.US_ASCII));
            RawWebSocket client = new RawWebSocket(socket);
            String head = client.readHead();
            if (!head.startsWith("HTTP/1.1 101 ")) {
                throw new IOException("no WebSocket upgrade: " + head);
            }
            return client;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    /** The next text or close frame, within 30 s. */
    public Frame next() {
        return next(Duration.ofSeconds(30));
    }

    /** The next text or close frame; pings in between do not extend the {@code timeout}. */
    public Frame next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException("no WebSocket message within " + timeout);
                }
                socket.setSoTimeout((int) left);
                int first = in.readUnsignedByte();
                int opcode = first & 0x0f;
                byte[] payload = new byte[payloadLength(in.readUnsignedByte() & 0x7f)];
                in.readFully(payload);
                if (opcode == TEXT) {
                    return new Frame(new String(payload, StandardCharsets.UTF_8), 0);
                }
                if (opcode == CLOSE) {
                    return new Frame(null, payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int payloadLength(int shortLength) throws IOException {
        return switch (shortLength) {
            case 126 -> in.readUnsignedShort();
            case 127 -> Math.toIntExact(in.readLong());
            default -> shortLength;
        };
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != 0x0d0a0d0a) { // CR LF CR LF
            int b = in.readUnsignedByte();
            head.write(b);
            lastFour = lastFour << 8 | b;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Drops the connection with a reset: no TIME_WAIT is left on the client side, so thousands of sockets in a row do
     * not run out of local ports.
     */
    @Override
    public void close() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
