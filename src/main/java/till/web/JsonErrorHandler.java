package till.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import till.error.ErrorCode;
import till.json.Json;

/**
 * Jetty's own errors, for requests refused before they reach Javalin (an ambiguous or undecodable URI, headers
 * too large): the same JSON {@code {"error", "code"}} as every other error, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Jetty writes error bodies only for GET, POST and HEAD by default; Till answers every method alike. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body(status)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON_TYPE);
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        return body(status, "Till cannot read this request: " + HttpStatus.getMessage(status));
    }

    /** Till's error JSON for {@code status}, with its code. */
    static byte[] body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", ErrorCode.forStatus(status).code());
        try {
            return Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
