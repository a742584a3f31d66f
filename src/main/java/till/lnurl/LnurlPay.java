package till.lnurl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.Bpt;
import till.invoice.Invoice;
import till.invoice.InvoiceIssuer;
import till.invoice.InvoiceOrder;
import till.invoice.NewInvoice;
import till.node.InvoiceDescription;
import till.node.LightningNode;
import till.node.Liquidity;
import till.node.NodeException;

/**
 * LNURL-pay (LUD-06) for a terminal: the pay request a wallet reads first, then, for the amount the payer chose, an
 * ordinary Till invoice of the terminal (ledger, webhooks, sockets and {@code /transactions} as any other) whose bolt11
 * carries the SHA-256 of the metadata instead of a description, with the terminal's webhook. Checks come before
 * anything is written or signed.
 */
public final class LnurlPay {
    private static final Logger log = LoggerFactory.getLogger(LnurlPay.class);
    /** One satoshi: wallets pay whole satoshis, and many refuse a range that starts below one. */
    static final long MIN_SENDABLE_MSAT = 1000;
    /** 21 million BTC: what a bolt11 can hold at most. */
    static final long MAX_SENDABLE_MSAT = 2_100_000_000_000_000_000L;
    /** LUD-12: the comment becomes the invoice's tag, which has this limit. */
    public static final int COMMENT_ALLOWED = NewInvoice.MAX_TAG_LENGTH;
    private static final int MAX_AMOUNT_DIGITS = 19;

    private final AccountService accounts;
    private final InvoiceIssuer issuer;
    private final LightningNode node;
    private final LnurlLinks links;
    private final ObjectMapper mapper;

    public LnurlPay(AccountService accounts, InvoiceIssuer issuer, LightningNode node, LnurlLinks links,
                    ObjectMapper mapper) {
        this.accounts = accounts;
        this.issuer = issuer;
        this.node = node;
        this.links = links;
        this.mapper = mapper;
    }

    /** A payment the callback asked for, checked: the amount in msat and the comment (null for none). */
    public record Checked(long amountMsat, String comment) {}

    /** The terminal of {@code /lnurlp/{bptId}}. */
    public Bpt terminal(String bptId) {
        return accounts.findBpt(bptId).orElseThrow(() -> new LnurlRefusal(404, "No terminal has this LNURL"));
    }

    /** The terminal of {@code /.well-known/lnurlp/{name}}, the name in any case. */
    public Bpt addressed(String name) {
        return accounts.findBptByLightningName(name)
                .orElseThrow(() -> new LnurlRefusal(404, "There is no Lightning address " + name + " here"));
    }

    /** The pay request, with the callback the wallet is to call (the endpoint's own, by id or by name). */
    public PayRequest payRequest(Bpt bpt, String callback) {
        return new PayRequest(callback, MIN_SENDABLE_MSAT, maxSendable(), metadata(bpt), PayRequest.TAG, COMMENT_ALLOWED);
    }

    /** Checks the callback's {@code amount} (msat, a whole number within the range) and LUD-12 {@code comment}. */
    public Checked check(String amount, String comment) {
        if (amount == null || amount.isEmpty()) {
            throw new LnurlRefusal(400, "amount is required: the amount to pay in millisatoshis");
        }
        if (amount.length() > MAX_AMOUNT_DIGITS || !amount.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LnurlRefusal(400, "amount must be a whole number of millisatoshis");
        }
        long msat = Long.parseLong(amount);
        long max = maxSendable();
        if (msat < MIN_SENDABLE_MSAT || msat > max) {
            throw new LnurlRefusal(400, "amount must be from " + MIN_SENDABLE_MSAT + " to " + max + " millisatoshis");
        }
        if (comment != null && comment.length() > COMMENT_ALLOWED) {
            throw new LnurlRefusal(400, "comment is longer than " + COMMENT_ALLOWED + " characters");
        }
        if (comment != null && comment.chars().anyMatch(Character::isISOControl)) {
            throw new LnurlRefusal(400, "comment must not hold control characters");
        }
        return new Checked(msat, comment == null || comment.isBlank() ? null : comment);
    }

    /**
     * The invoice for a checked payment: its description hash is the SHA-256 of the metadata as the pay request
     * sends it now, the comment its tag.
     */
    public PayInvoice issue(Bpt bpt, Checked payment) {
        Invoice invoice = issuer.issue(new InvoiceOrder(bpt.accountId(), bpt.id(), bpt.splitBitcoinPercentage(),
                payment.amountMsat(), payment.comment(), InvoiceDescription.hashed(metadata(bpt)),
                NewInvoice.DEFAULT_EXPIRATION, bpt.webhookUrl(), bpt.webhookSecret(), null));
        return new PayInvoice(invoice.bolt11(), List.of(),
                PayInvoice.SuccessAction.message("Thank you! " + bpt.name() + " has your payment."));
    }

    /**
     * LUD-06's metadata: the terminal's name as {@code text/plain} and, LUD-16, its address as
     * {@code text/identifier}; the same for both endpoints, so the callback needs not know which one the wallet read.
     */
    String metadata(Bpt bpt) {
        List<List<String>> entries = new ArrayList<>();
        entries.add(List.of("text/plain", bpt.name()));
        String address = links.address(bpt);
        if (address != null) {
            entries.add(List.of("text/identifier", address));
        }
        try {
            return mapper.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the node can receive now over its usable channels (at least the minimum, so the range stays a range). A
     * node whose channels cannot be read (a rune without {@code listfunds}) gets the whole range: its invoices are
     * still made, and the payer's wallet finds a route or says it found none.
     */
    private long maxSendable() {
        try {
            return Math.max(MIN_SENDABLE_MSAT, Math.min(MAX_SENDABLE_MSAT, Liquidity.of(node.channels()).receivableMsat()));
        } catch (NodeException e) {
            log.warn("LNURL-pay: the node's channels cannot be read, offering any amount: {}", e.getMessage());
            return MAX_SENDABLE_MSAT;
        }
    }
}
