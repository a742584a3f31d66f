package till.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import till.account.ApiKey;
import till.account.Bpt;
import till.account.KeyKind;
import till.account.NewApiKey;
import till.invoice.InvoiceStatus;
import till.invoice.Invoice;
import till.invoice.TransactionJson;
import till.lnurl.LnurlLinks;

/** The JSON shapes of the HTTP API (openapi.json), built from Till's records. */
final class Views {
    private Views() {}

    /** A new invoice, as {@code /invoice/add} answers it; with its fiat price when it was priced in a currency. */
    record CreatedInvoice(long id, String invoiceHash, String bolt11, long amountMsat, String tag, String bptId,
                   String accountId, Instant createdAtUtc, Instant expiresAtUtc, InvoiceStatus status, String checkoutUrl,
                   @JsonUnwrapped TransactionJson.Fiat fiat) {}

    /** Public: what a payer's page needs, nothing about the account. {@code settledAtUtc} is null until paid. */
    record Status(String invoiceHash, InvoiceStatus status, long amountMsat, Instant expiresAtUtc, Instant settledAtUtc) {}

    /**
     * A terminal: its settings, its Lightning address in full ({@code cafe@pay.example.com}, null without one), the
     * bech32 LNURL of its own LNURL-pay endpoint, and its webhook's URL (never its secret).
     */
    record Terminal(String id, String accountId, String name, int splitBitcoinPercentage, String currency,
                    String lightningAddress, String lnurl, String webhookUrl) {}

    /** An API key as listed: never the key itself. */
    record Key(String id, KeyKind kind, String label, Instant createdAtUtc, Instant lastUsedAtUtc) {}

    /** A key just made: the one answer that carries the key. */
    record CreatedKey(String id, KeyKind kind, String label, Instant createdAtUtc, String apiKey) {}

    static Terminal terminal(Bpt bpt, LnurlLinks links) {
        return new Terminal(bpt.id(), bpt.accountId(), bpt.name(), bpt.splitBitcoinPercentage(), bpt.currency(),
                links.address(bpt), links.lnurl(bpt.id()), bpt.webhookUrl());
    }

    static Key key(ApiKey key) {
        return new Key(key.id(), key.kind(), key.label(), key.createdAt(), key.lastUsedAt());
    }

    static CreatedKey createdKey(NewApiKey made) {
        ApiKey key = made.key();
        return new CreatedKey(key.id(), key.kind(), key.label(), key.createdAt(), made.apiKey());
    }

    static CreatedInvoice invoice(Invoice t, String publicUrl) {
        return new CreatedInvoice(t.seq(), t.invoiceHash(), t.bolt11(), t.amountMsat(), t.tag(), t.bptId(), t.accountId(),
                t.createdAt(), t.expiresAt(), t.status(), publicUrl + "/checkout/" + t.invoiceHash(),
                TransactionJson.Fiat.of(t.price()));
    }

    static Status status(Invoice t) {
        return new Status(t.invoiceHash(), t.status(), t.amountMsat(), t.expiresAt(), t.settledAt());
    }
}
