package till.charge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import till.RawHttp;

/**
 * The requests OpenNode's PHP library (vendored by the Magento 2, PrestaShop and OpenCart plugins) makes through PHP's
 * cURL, written out byte for byte: the request line, then cURL's Host, User-Agent ({@code CURLOPT_USERAGENT}) and
 * Accept, then the library's headers ({@code Authorization: <key>}, and {@code Content-Type: application/json} on a
 * POST), then cURL's Content-Length; the body is PHP's {@code json_encode} (slashes escaped as \/, non-ASCII as \\uXXXX).
 * The request is sent on a connection of its own, half-closed after it (which adds no byte to it), so that the server
 * closes the connection after its answer.
 */
final class PhpCurl {
    private final int port;
    private final String userAgent;
    private final String apiKey;

    PhpCurl(int port, String userAgent, String apiKey) {
        this.port = port;
        this.userAgent = userAgent;
        this.apiKey = apiKey;
    }

    /** {@code OpenNode::request($url, 'POST', $params)}: the JSON body as json_encode wrote it. */
    RawHttp.Answer post(String path, String jsonEncoded) {
        byte[] body = jsonEncoded.getBytes(StandardCharsets.UTF_8);
        return send(head("POST", path) + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    /** {@code OpenNode::request($url, 'GET')}: no body, no Content-Type. */
    RawHttp.Answer get(String path) {
        return send(head("GET", path) + "\r\n", new byte[0]);
    }

    /** The bytes of a request, as sent. */
    String head(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: " + userAgent
                + "\r\nAccept: */*\r\nAuthorization: " + apiKey + "\r\n";
    }

    private RawHttp.Answer send(String head, byte[] body) {
        try (Socket socket = RawHttp.connect("127.0.0.1", port)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            return "chunked".equalsIgnoreCase(answer.headers().get("transfer-encoding"))
                    ? new RawHttp.Answer(answer.status(), answer.headers(), dechunk(answer.body())) : answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PHP's {@code json_decode($body, TRUE)['data']}, as the library returns it (it throws without a "data"). */
    static JsonNode data(RawHttp.Answer answer) {
        JsonNode data = answer.json().get("data");
        if (data == null) {
            throw new AssertionError("the library would throw: no \"data\" in " + answer.body());
        }
        return data;
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String rest = chunked;
        while (true) {
            int lineEnd = rest.indexOf("\r\n");
            int size = Integer.parseInt(rest.substring(0, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            // Chunk sizes count bytes: cut on the bytes, not on the characters.
            byte[] bytes = rest.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, size);
            rest = new String(bytes, size + 2, bytes.length - size - 2, StandardCharsets.UTF_8);
        }
    }
}
