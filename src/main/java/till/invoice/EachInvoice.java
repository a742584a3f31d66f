package till.invoice;

import java.util.List;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.NodeException;

/** A round over many invoices (expiry, reconciliation) in which one that fails does not stop the others. */
final class EachInvoice {
    private static final Logger log = LoggerFactory.getLogger(EachInvoice.class);

    private EachInvoice() {}

    /**
     * Runs {@code step} for each invoice and sums its counts. One invoice whose step fails is logged and left for the
     * next round while the others go on; only the node's being unreachable ends the round (it would fail them all).
     */
    static int alone(List<Invoice> invoices, String what, ToIntFunction<Invoice> step) {
        int changed = 0;
        for (Invoice transaction : invoices) {
            try {
                changed += step.applyAsInt(transaction);
            } catch (NodeException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("{} invoice {} failed; the others go on, it is tried again next round", what,
                        transaction.invoiceHash(), e);
            }
        }
        return changed;
    }
}
