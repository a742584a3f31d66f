package till.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The status is derived from what an invoice received: the rules, one case each. */
class InvoiceStatusTest {
    private static final long AMOUNT = 10_000;

    @Test
    void nothingReceivedIsUnpaidUntilClosedThenExpired() {
        assertEquals(InvoiceStatus.unpaid, InvoiceStatus.derive(AMOUNT, 0, 0, false, false));
        assertEquals(InvoiceStatus.expired, InvoiceStatus.derive(AMOUNT, 0, 0, false, true));
    }

    @Test
    void partOfTheAmountIsUnderpaidConfirmedOrNot() {
        assertEquals(InvoiceStatus.underpaid, InvoiceStatus.derive(AMOUNT, 4_000, 0, false, false));
        assertEquals(InvoiceStatus.underpaid, InvoiceStatus.derive(AMOUNT, 0, 4_000, false, false));
        assertEquals(InvoiceStatus.underpaid, InvoiceStatus.derive(AMOUNT, 4_000, 0, false, true), "money arrived: not expired");
    }

    @Test
    void theAmountCoveredOnlyWithUnconfirmedPaymentsIsProcessing() {
        assertEquals(InvoiceStatus.processing, InvoiceStatus.derive(AMOUNT, 0, AMOUNT, false, false));
        assertEquals(InvoiceStatus.processing, InvoiceStatus.derive(AMOUNT, 6_000, 4_000, false, false));
    }

    @Test
    void theAmountConfirmedIsPaidAlsoWhenOverpaidOrAfterTheExpiry() {
        assertEquals(InvoiceStatus.paid, InvoiceStatus.derive(AMOUNT, AMOUNT, 0, false, false));
        assertEquals(InvoiceStatus.paid, InvoiceStatus.derive(AMOUNT, 15_000, 0, false, false), "overpaid");
        assertEquals(InvoiceStatus.paid, InvoiceStatus.derive(AMOUNT, AMOUNT, 0, false, true), "after the expiry");
    }

    @Test
    void aRequestTheRailSettledWholeIsPaidWhateverArrived() {
        // A Lightning invoice the node accepted a payment for: paid, and credited with what arrived.
        assertEquals(InvoiceStatus.paid, InvoiceStatus.derive(AMOUNT, 6_000, 0, true, false));
    }
}
