package till.dashboard.money;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import till.fiat.FiatPrice;
import till.invoice.Invoice;

/**
 * The CSV export's columns, what a bookkeeper needs: the public id, times in UTC (ISO 8601), the status, the amount
 * asked in sats and msat, what the payer paid, what was credited and Till's fee (msat), the fiat price (currency,
 * amount, rate of one bitcoin, its source), the terminal, the tag and the invoice hash.
 */
final class TransactionsCsv {
    static final List<String> COLUMNS = List.of("id", "created_at_utc", "settled_at_utc", "status", "amount_sat",
            "amount_msat", "paid_msat", "received_msat", "fee_msat", "fiat_currency", "fiat_amount", "fiat_btc_rate",
            "fiat_rate_source", "terminal_id", "terminal_name", "tag", "invoice_hash");

    private final CsvWriter csv;

    TransactionsCsv(Writer out) {
        this.csv = new CsvWriter(out);
    }

    void header() throws IOException {
        csv.record(COLUMNS);
    }

    void row(Row row) throws IOException {
        Invoice t = row.invoice();
        FiatPrice price = t.price();
        csv.record(Arrays.asList(Long.toString(t.seq()), time(t.createdAt()), time(t.settledAt()), t.status().name(),
                BigDecimal.valueOf(t.amountMsat(), 3).stripTrailingZeros().toPlainString(), Long.toString(t.amountMsat()),
                number(t.amountReceivedMsat()), number(t.receivedMsat()), number(t.feeProcessMsat()),
                price == null ? null : price.currency(), price == null ? null : price.amountText(),
                price == null ? null : price.btcPriceText(), price == null ? null : CsvWriter.text(price.source()),
                CsvWriter.text(t.bptId()), CsvWriter.text(row.terminalName()), CsvWriter.text(t.tag()), t.invoiceHash()));
    }

    void flush() throws IOException {
        csv.flush();
    }

    /** A transaction and the name of its terminal (null for a charge made without one). */
    record Row(Invoice invoice, String terminalName) {}

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String number(Long value) {
        return value == null ? null : value.toString();
    }
}
