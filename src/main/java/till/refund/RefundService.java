package till.refund;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.bolt11.Network;
import till.charge.ChargeView;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.Invoice;
import till.invoice.InvoiceStatus;
import till.node.NodeWallet;
import till.node.SweepRefusedException;
import till.onchain.ChainPayment;
import till.onchain.OnchainPayments;
import till.store.Ids;
import till.store.UniqueViolation;

/**
 * Refunds of underpaid on-chain charges (OpenNode's {@code POST /v1/refunds}): the node sends the charge's own outputs,
 * all of them, network fee out of them, to the payer's address; the charge becomes {@code refunded} and its callback
 * goes out through the outbox like every status change.
 *
 * <p>One refund per charge, and never two sends: a {@code pending} refund row is inserted before the node is asked
 * (the database's {@code refund_one_per_charge} lets one request in; any other, at the same time or later, answers that
 * refund as it stands). If the node refuses, nothing was sent: the pending row is deleted and the request can be made
 * again. If the node's answer is lost (unreachable, timed out, or Till stopped before recording it), the withdraw may
 * have gone out: the refund stays pending until {@link RefundSettlement} asks the node what became of its outputs.
 */
public final class RefundService {
    private static final Logger log = LoggerFactory.getLogger(RefundService.class);

    /** What a refund request did: {@code created} false when the charge had its refund already (this one is it). */
    public record Outcome(Refund refund, boolean created) {}

    private final Jdbi jdbi;
    private final Optional<NodeWallet> wallet;
    private final OnchainPayments onchain;
    private final RefundAddresses addresses;
    private final Clock clock;

    /** {@code wallet}: the node's, empty when on-chain payments are off (then nothing can be refunded). */
    public RefundService(Jdbi jdbi, Optional<NodeWallet> wallet, OnchainPayments onchain, Supplier<Network> nodeNetwork,
                         Clock clock) {
        this.jdbi = jdbi;
        this.wallet = wallet;
        this.onchain = onchain;
        this.addresses = new RefundAddresses(nodeNetwork);
        this.clock = clock;
    }

    /** Throws a 400 {@link Problem} unless {@code address} is one of the node's network. */
    public String checkAddress(String address) {
        return addresses.check(address);
    }

    /**
     * Refunds the charge (found and allowed by the caller) to {@code address}, which {@link #checkAddress} accepted.
     * The charge's refund, if it has one already, whatever the address now given.
     */
    public Outcome refund(ChargeView charge, String address, String email) {
        Optional<Refund> existing = forCharge(charge.charge().id());
        if (existing.isPresent()) {
            return new Outcome(existing.get(), false);
        }
        Invoice invoice = charge.invoice();
        if (invoice.status() != InvoiceStatus.underpaid) {
            throw Problem.detailed(ErrorCode.CHARGE_NOT_UNDERPAID, null, "this charge is " + invoice.status());
        }
        List<ChainPayment> outputs = minedOutputs(charge);
        long amountMsat = outputs.stream().mapToLong(ChainPayment::amountMsat).sum();
        Refund pending = new Refund(Ids.next(), charge.charge().id(), charge.charge().accountId(), address, email,
                amountMsat / 1000, RefundStatus.pending, null, clock.instant(), null);
        try {
            jdbi.useExtension(RefundDao.class, dao -> dao.insert(pending));
        } catch (StatementException e) {
            if (UniqueViolation.is(e)) {
                // Another request for this charge got in first: its refund is the answer.
                return new Outcome(forCharge(charge.charge().id()).orElseThrow(), false);
            }
            throw e;
        }
        String txid = send(pending, outputs);
        return new Outcome(record(pending, invoice.id(), txid).orElse(pending), true);
    }

    /**
     * Records that {@code txid} sent the pending refund, and marks its charge (invoice {@code invoiceId}) refunded,
     * which queues the callback, in one transaction. Empty when the refund was no longer pending (recorded already).
     */
    Optional<Refund> record(Refund pending, String invoiceId, String txid) {
        Refund sent = pending.sent(txid, clock.instant());
        boolean recorded = jdbi.inTransaction(handle -> {
            if (!handle.attach(RefundDao.class).markSent(sent)) {
                return false;
            }
            if (onchain.markRefunded(handle, invoiceId).isEmpty()) {
                // More arrived while the node was sending: the refund stands (its outputs are gone), the status is what
                // that payment made it.
                log.warn("Charge {} refunded in {} but no longer underpaid", pending.chargeId(), txid);
            }
            return true;
        });
        if (!recorded) {
            log.warn("Refund {} of charge {} was not pending any more when {} came to be recorded", pending.id(),
                    pending.chargeId(), txid);
            return Optional.empty();
        }
        log.info("Charge {} refunded: {} sat to {} in {}", pending.chargeId(), sent.amountSat(), sent.address(), txid);
        return Optional.of(sent);
    }

    /**
     * The node's sweep. A refusal sent nothing: the pending refund goes and the request may come again. Any other
     * failure (an unreachable node, a timeout, an error Till does not know) may have sent it: the refund stays pending
     * for {@link RefundSettlement}, which finds the node's transaction or sees the outputs untouched.
     */
    private String send(Refund pending, List<ChainPayment> outputs) {
        try {
            return wallet.orElseThrow().sweep(pending.address(), outputs.stream().map(ChainPayment::outpoint).toList());
        } catch (SweepRefusedException e) {
            log.warn("The node refused refund {} of charge {}: {}", pending.id(), pending.chargeId(), e.getMessage());
            forget(pending);
            throw Problem.of(switch (e.reason()) {
                case BAD_ADDRESS -> ErrorCode.REFUND_ADDRESS_INVALID;
                case OUTPUTS_UNAVAILABLE -> ErrorCode.REFUND_OUTPUTS_UNAVAILABLE;
                case TOO_SMALL -> ErrorCode.REFUND_TOO_SMALL;
            });
        } catch (RuntimeException e) {
            log.warn("Refund {} of charge {}: no answer from the node ({}); it stays pending until the node's wallet "
                    + "shows whether it was sent", pending.id(), pending.chargeId(), e.getMessage());
            throw e;
        }
    }

    void forget(Refund pending) {
        jdbi.useExtension(RefundDao.class, dao -> dao.deletePending(pending.id()));
    }

    /**
     * The charge's outputs that count (those of a replaced or double-spent transaction are not the charge's), each mined
     * as the node sees it: the node spends only what it has seen in a block.
     */
    private List<ChainPayment> minedOutputs(ChargeView charge) {
        List<ChainPayment> outputs = charge.payments().stream().filter(ChainPayment::counts).toList();
        if (wallet.isEmpty() || outputs.isEmpty()) {
            throw Problem.of(ErrorCode.REFUND_OUTPUTS_UNAVAILABLE);
        }
        if (outputs.stream().anyMatch(o -> o.blockHeight() == null)) {
            throw Problem.of(ErrorCode.REFUND_NOT_CONFIRMED);
        }
        return outputs;
    }

    public Optional<Refund> find(String id) {
        return jdbi.withExtension(RefundDao.class, dao -> dao.find(id));
    }

    public Optional<Refund> forCharge(String chargeId) {
        return jdbi.withExtension(RefundDao.class, dao -> dao.findByCharge(chargeId));
    }

    /** The refunds of these charges (those that have one). */
    public List<Refund> forCharges(List<String> chargeIds) {
        return chargeIds.isEmpty() ? List.of() : jdbi.withExtension(RefundDao.class, dao -> dao.findByCharges(chargeIds));
    }

    /** The account's refunds, newest first. */
    public List<Refund> list(String accountId, int limit) {
        return jdbi.withExtension(RefundDao.class, dao -> dao.listForAccount(accountId, limit));
    }
}
