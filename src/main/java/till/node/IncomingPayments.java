package till.node;

import java.util.List;

/**
 * The node's payments to its invoices, handed out strictly in {@link NodeInvoice#payIndex()} order without gaps, from
 * a cursor Till stores: the pay index of the last payment it has settled (0 before the first). Not thread-safe: one
 * reader.
 */
public interface IncomingPayments extends AutoCloseable {

    /**
     * The payments numbered {@code cursor} + 1, + 2, … that the node has: several when they are waiting, else the
     * next one, waiting up to one poll for it; empty when none came.
     */
    List<NodeInvoice> next(long cursor);

    @Override
    void close();
}
