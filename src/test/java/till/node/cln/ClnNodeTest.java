package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.MovableClock;
import till.TestInvoices;
import till.node.Cancellation;
import till.node.InvoiceDescription;
import till.node.IssuedInvoice;
import till.node.LightningNode;
import till.node.NodeInvoiceState;
import till.node.NodePayment;
import till.node.OutgoingState;
import till.node.PayFailure;
import till.node.PaymentFailedException;
import till.node.sim.SimNode;
import till.node.sim.SimPayRule;

/** Core Lightning as Till's node, against the simulated node over the wire. */
class ClnNodeTest {
    @TempDir
    Path dir;

    @Test
    void issuesUnderALabelOfItsOwnAndCancelsOnlyWhatIsStillUnpaid() {
        MovableClock clock = new MovableClock();
        try (SimNode sim = SimNode.start(0, dir, clock); LightningNode node = SimLightning.node(sim)) {
            IssuedInvoice issued = node.issueInvoice("abc", 1000, InvoiceDescription.shown("coffee"), 600);
            assertEquals("till-abc", issued.reference());
            assertEquals(NodeInvoiceState.UNPAID, node.findInvoice(issued.paymentHash()).orElseThrow().state());
            assertEquals(Cancellation.CANCELLED, node.cancelUnpaid("till-abc"));
            assertEquals(Cancellation.NOT_FOUND, node.cancelUnpaid("till-abc"));
            assertTrue(node.findInvoice(issued.paymentHash()).isEmpty());

            IssuedInvoice paid = node.issueInvoice("paid", 1000, InvoiceDescription.shown("tea"), 600);
            sim.pay(paid.paymentHash(), null);
            assertEquals(Cancellation.ALREADY_PAID, node.cancelUnpaid(paid.reference()));

            IssuedInvoice expired = node.issueInvoice("late", 1000, InvoiceDescription.shown("cake"), 60);
            clock.advance(Duration.ofMinutes(2));
            assertEquals(NodeInvoiceState.EXPIRED, node.findInvoice(expired.paymentHash()).orElseThrow().state());
            assertEquals(Cancellation.EXPIRED, node.cancelUnpaid(expired.reference()));
        }
    }

    @Test
    void paysAndReportsFinalFailuresInTillsWords() {
        try (SimNode sim = SimNode.start(0, dir); LightningNode node = SimLightning.node(sim)) {
            String bolt11 = TestInvoices.external(5000L);
            NodePayment paid = node.pay(bolt11, null, 5000, 10);
            assertEquals(OutgoingState.COMPLETE, paid.state());
            assertEquals(paid, node.outgoingPayments(TestInvoices.paymentHash(bolt11)).get(0));

            sim.payBehaviour(new SimPayRule(7000L, null, 205, 0));
            PaymentFailedException failed = assertThrows(PaymentFailedException.class,
                    () -> node.pay(TestInvoices.external(7000L), null, 5000, 10));
            assertEquals(PayFailure.NO_ROUTE, failed.failure());
            assertEquals("no route to the destination (node error 205: Could not find a route)", failed.getMessage());
        }
    }
}
