package till.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One {@code /invoice/add} WebSocket: its first message (the invoice) and the {@link System#nanoTime()} at which
 * the second one (the paid transaction) arrived. The arrival time is taken before the message is parsed.
 */
final class InvoiceSocket implements WebSocket.Listener {
    final CompletableFuture<JsonNode> invoice = new CompletableFuture<>();
    final CompletableFuture<Long> secondMessageAt = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private int messages;

    private InvoiceSocket() {}

    /** Opens the socket; the returned object's futures complete as messages come. */
    static InvoiceSocket open(HttpClient client, String url) {
        InvoiceSocket listener = new InvoiceSocket();
        client.newWebSocketBuilder().buildAsync(URI.create(url), listener).whenComplete((socket, failure) -> {
            if (failure != null) {
                listener.invoice.completeExceptionally(failure);
                listener.secondMessageAt.completeExceptionally(failure);
            }
        });
        return listener;
    }

    /** The invoice's payment hash, once the first message is in. */
    String hash() {
        return invoice.join().get("invoiceHash").asText();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            messages++;
            if (messages == 1) {
                try {
                    JsonNode first = BenchHttp.JSON.readTree(text);
                    if (first.has("error")) {
                        invoice.completeExceptionally(new IOException("Till refused the invoice: " + text));
                    } else {
                        invoice.complete(first);
                    }
                } catch (IOException e) {
                    invoice.completeExceptionally(new UncheckedIOException(e));
                }
            } else if (messages == 2) {
                secondMessageAt.complete(now);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        IOException closed = new IOException("closed " + statusCode + " " + reason);
        invoice.completeExceptionally(closed);
        secondMessageAt.completeExceptionally(closed);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        invoice.completeExceptionally(error);
        secondMessageAt.completeExceptionally(error);
    }

    /** Drops the connection without a closing handshake (Till keeps the invoice: a client may leave early). */
    void abort() {
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }
}
