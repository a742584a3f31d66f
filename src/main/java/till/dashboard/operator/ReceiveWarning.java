package till.dashboard.operator;

import java.util.List;

/**
 * Open invoices larger than what the node can receive now: how many, and the largest of them. Their payers would
 * find no route until the node has more inbound liquidity; Till still issues such invoices.
 */
public record ReceiveWarning(long receivableMsat, long count, List<OpenInvoice> largest) {
    public boolean any() {
        return count > 0;
    }
}
