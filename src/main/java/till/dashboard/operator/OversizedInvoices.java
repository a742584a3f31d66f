package till.dashboard.operator;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import till.node.Liquidity;

/** Finds the open invoices the node could not receive now, given its {@link Liquidity}. */
public final class OversizedInvoices {
    /** The view lists this many; the count covers them all. */
    static final int SHOWN = 10;

    private final Jdbi jdbi;
    private final Clock clock;

    public OversizedInvoices(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public ReceiveWarning above(Liquidity liquidity) {
        long receivable = liquidity.receivableMsat();
        long now = clock.millis();
        return jdbi.inTransaction(handle -> {
            OperatorDao dao = handle.attach(OperatorDao.class);
            return new ReceiveWarning(receivable, dao.openInvoicesAboveCount(receivable, now),
                    dao.openInvoicesAbove(receivable, now, SHOWN));
        });
    }
}
