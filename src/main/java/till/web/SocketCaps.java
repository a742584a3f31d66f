package till.web;

/**
 * How many WebSockets may be open at once: from one connecting address, on one invoice's status, and in all.
 * 0 means no cap. An idle socket costs the server about 18 KiB of heap, so without caps one client could fill it.
 */
public record SocketCaps(int perAddress, int perInvoice, int total) {
    /** Heap the default total allows per socket: leaves three quarters of the heap to everything else. */
    private static final long HEAP_PER_SOCKET = 64 * 1024;

    /** The default total: one socket per 64 KiB of the maximum heap (8,192 with -Xmx512m). */
    public static int defaultTotal() {
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / HEAP_PER_SOCKET);
    }

    public static SocketCaps off() {
        return new SocketCaps(0, 0, 0);
    }
}
