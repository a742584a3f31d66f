package till.invoice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import till.fiat.FiatPrice;
import till.store.Database;

/**
 * A row of {@link InvoiceDao#COLUMNS}, read by hand. JDBI's ConstructorMapper inspects the record's constructor
 * again (parameter annotations, nullability) for every query it maps (jdbi/jdbi#2406): a quarter of the memory a
 * lookup by hash allocated, and so of the garbage collections that set the lookups' p99.
 */
public final class InvoiceMapper implements RowMapper<Invoice> {
    @Override
    public Invoice map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Invoice(rs.getLong("seq"), rs.getString("id"), rs.getString("account_id"), rs.getString("bpt_id"),
                rs.getString("invoice_hash"), rs.getString("bolt11"), rs.getString("label"), rs.getLong("amount_msat"),
                rs.getString("tag"), rs.getString("webhook_url"), rs.getString("webhook_secret"),
                rs.getInt("split_bitcoin_percentage"), InvoiceStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "settled_at"),
                nullableLong(rs, "amount_received_msat"), nullableLong(rs, "received_msat"),
                nullableLong(rs, "fee_process_msat"), price(rs));
    }

    private static FiatPrice price(ResultSet rs) throws SQLException {
        String currency = rs.getString("fiat_currency");
        return currency == null ? null : new FiatPrice(currency, rs.getBigDecimal("fiat_amount"),
                rs.getBigDecimal("fiat_btc_price"), rs.getString("fiat_rate_source"), instant(rs, "fiat_rate_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Database.instant(rs, rs.findColumn(column));
    }
}
