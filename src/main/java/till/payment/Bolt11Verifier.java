package till.payment;

import java.util.Locale;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Exception;
import till.bolt11.Bolt11Invoice;
import till.bolt11.Bolt11SignatureException;
import till.bolt11.Network;
import till.error.ErrorCode;
import till.error.Problem;

/** Decodes a bolt11 with Till's own BOLT #11 code and checks that it can be paid, each refusal with its own code. */
final class Bolt11Verifier {
    private Bolt11Verifier() {}

    /** Checksum, structure and signature (the payee recovered, or checked against the {@code n} field). */
    static Bolt11Invoice decode(String bolt11) {
        try {
            return Bolt11.decode(normalize(bolt11));
        } catch (Bolt11SignatureException e) {
            throw Problem.detailed(ErrorCode.BOLT11_BAD_SIGNATURE, "bolt11", e.reason());
        } catch (Bolt11Exception | IllegalArgumentException e) {
            throw Problem.detailed(ErrorCode.BOLT11_INVALID, "bolt11", e.getMessage());
        }
    }

    /** The invoice string as stored and sent: lower case, without a {@code lightning:} URI prefix. */
    static String normalize(String bolt11) {
        String text = bolt11.strip();
        if (text.regionMatches(true, 0, "lightning:", 0, 10)) {
            text = text.substring(10);
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * The amount to pay, after checking the network, the expiry and the amount: a bolt11 without an amount needs
     * {@code amountMsat}; one with an amount takes none, or the same.
     */
    static long payableAmount(Bolt11Invoice invoice, Long amountMsat, Network nodeNetwork, long nowSeconds) {
        if (invoice.network() != nodeNetwork) {
            throw unpayable(ErrorCode.BOLT11_WRONG_NETWORK, "The bolt11 is for " + invoice.network().clnName()
                    + ", but the node runs on " + nodeNetwork.clnName());
        }
        if (invoice.isExpired(nowSeconds)) {
            throw unpayable(ErrorCode.BOLT11_EXPIRED);
        }
        if (invoice.amountMsat() == null) {
            if (amountMsat == null) {
                throw Problem.at(ErrorCode.AMOUNT_REQUIRED, "amountMsat");
            }
            return amountMsat;
        }
        if (amountMsat != null && amountMsat.longValue() != invoice.amountMsat()) {
            throw Problem.at(ErrorCode.AMOUNT_MISMATCH, "amountMsat", "amountMsat differs from the bolt11's amount of "
                    + invoice.amountMsat() + " msat; leave it out");
        }
        return invoice.amountMsat();
    }

    static Problem unpayable(ErrorCode error) {
        return unpayable(error, error.text());
    }

    static Problem unpayable(ErrorCode error, String message) {
        return Problem.at(error, "bolt11", message);
    }
}
