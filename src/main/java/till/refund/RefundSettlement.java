package till.refund;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.node.NodeException;
import till.node.NodeWallet;
import till.node.Outpoint;
import till.onchain.ChainPayment;

/**
 * Settles refunds left pending because the node's answer to the sweep was lost (it could not be reached, timed out,
 * or Till stopped before recording it), from what the node's wallet shows: a wallet transaction that spends the
 * charge's outputs sent the refund, and is recorded as the answer would have been (txid, charge refunded, callback);
 * outputs still unspent and unreserved were never sent, and the pending refund goes so the payer can ask again.
 * Anything else (reserved outputs: a sweep under way, or one the node failed to broadcast) waits for a later round.
 */
public final class RefundSettlement {
    private static final Logger log = LoggerFactory.getLogger(RefundSettlement.class);

    /**
     * Only refunds older than this are settled, so a sweep still in flight is never raced. The node call gives up
     * after at most 10 s (connect) + 30 s (write) + 60 s (read) = 100 s; a withdraw the node is still doing after its
     * caller gave up reserves its outputs before broadcasting, which reads as "under way". Ten minutes is far beyond both.
     */
    static final Duration SETTLE_AFTER = Duration.ofMinutes(10);

    private final Jdbi jdbi;
    private final NodeWallet wallet;
    private final RefundService refunds;
    private final ChargeService charges;
    private final Clock clock;

    public RefundSettlement(Jdbi jdbi, NodeWallet wallet, RefundService refunds, ChargeService charges, Clock clock) {
        this.jdbi = jdbi;
        this.wallet = wallet;
        this.refunds = refunds;
        this.charges = charges;
        this.clock = clock;
    }

    /** One round: every pending refund older than {@link #SETTLE_AFTER}. The node's errors wait for the next round. */
    public void settle() {
        List<Refund> pending = jdbi.withExtension(RefundDao.class, dao -> dao.pendingBefore(clock.instant().minus(SETTLE_AFTER)));
        for (Refund refund : pending) {
            try {
                settle(refund);
            } catch (NodeException e) {
                log.warn("Refund {} of charge {} stays pending: the node's wallet cannot be read ({})", refund.id(),
                        refund.chargeId(), e.getMessage());
                return;
            }
        }
    }

    private void settle(Refund refund) {
        ChargeView charge = charges.find(refund.chargeId()).orElseThrow();
        List<Outpoint> outputs = charge.payments().stream().filter(ChainPayment::counts).map(ChainPayment::outpoint).toList();
        Optional<String> spender = wallet.spender(outputs);
        if (spender.isPresent()) {
            log.info("Refund {} of charge {}: the node's wallet shows it sent in {}", refund.id(), refund.chargeId(),
                    spender.get());
            refunds.record(refund, charge.charge().transactionId(), spender.get());
        } else if (wallet.free(outputs)) {
            log.info("Refund {} of charge {}: its outputs were never sent; the payer may ask again", refund.id(),
                    refund.chargeId());
            refunds.forget(refund);
        } else {
            log.info("Refund {} of charge {} stays pending: its outputs are reserved or not in the node's wallet",
                    refund.id(), refund.chargeId());
        }
    }
}
