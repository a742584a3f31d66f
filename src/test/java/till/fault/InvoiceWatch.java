package till.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import till.TillClient;
import till.WsClient;

/**
 * A payer's page waiting on one Till process: the public status WebSocket {@code /invoice/{hash}/ws}, which sends the
 * status now and again when it changes. A kill of its process breaks it; a payer's page would then reconnect.
 */
final class InvoiceWatch implements AutoCloseable {
    final String invoiceHash;
    /** The process it is open on (its base URL). */
    final String till;
    /** The first message: the status when the socket opened. */
    final JsonNode first;
    private final WsClient socket;

    private InvoiceWatch(String invoiceHash, String till, JsonNode first, WsClient socket) {
        this.invoiceHash = invoiceHash;
        this.till = till;
        this.first = first;
        this.socket = socket;
    }

    /** Opens a watch and reads its first message; empty when the process is down (or dies meanwhile). */
    static Optional<InvoiceWatch> open(TillClient till, String invoiceHash) {
        WsClient socket;
        try {
            socket = new WsClient(till.url.replace("http", "ws") + "/invoice/" + invoiceHash + "/ws");
        } catch (RuntimeException down) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InvoiceWatch(invoiceHash, till.url, socket.next(Duration.ofSeconds(10)), socket));
        } catch (Exception | AssertionError killedMeanwhile) {
            socket.close();
            return Optional.empty();
        }
    }

    /** Whether a later message said "paid". */
    boolean sawPaid() {
        return socket.messages.stream().anyMatch(message -> "paid".equals(read(message).path("status").asText()));
    }

    /** Whether its connection broke (its process was killed) rather than closing normally or staying open. */
    boolean broken() {
        return socket.closeCode.isCompletedExceptionally()
                || socket.closeCode.isDone() && socket.closeCode.join() != 1000;
    }

    private static JsonNode read(String message) {
        try {
            return TillClient.JSON.readTree(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
