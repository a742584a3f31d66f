package till;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http cannot do: choose the client's source address
 * (anything in 127.0.0.0/8 is loopback on Linux) and send a request slowly or not at all.
 */
public final class RawHttp {
    private RawHttp() {}

    /** A parsed answer; header names lower case. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return TillClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Opens a connection to {@code port} on 127.0.0.1 from {@code source}. */
    public static Socket connect(String source, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(30_000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One request with a JSON body from {@code source} on a connection of its own, closed after the answer: unlike a
     * pooled connection, it cannot race a server that is closing it for being idle.
     */
    public static Answer request(String source, int port, String method, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = connect(source, port)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an answer to its end (the server closes the connection after it). */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("no HTTP answer, got: " + text);
        }
        String[] lines = text.substring(0, split).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(split + 4));
    }

    /** True once the server has closed this connection (a read returns end of stream or fails); skips any answer. */
    public static boolean closedByServer(Socket socket) {
        byte[] skipped = new byte[8192];
        try {
            socket.setSoTimeout(1);
            while (true) {
                if (socket.getInputStream().read(skipped) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
