package till.onchain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import till.invoice.IncomingPayment;
import till.node.Outpoint;
import till.store.Database;

/**
 * One output that paid an invoice's address (an incoming payment of rail {@code onchain}, reference {@code txid:vout}):
 * its amount, its state (pending, confirmed at the configured depth, replaced), its depth when last looked at, the block
 * that mined it (the node's word, while confirmed), when Till first saw it and when it confirmed.
 */
public record ChainPayment(String invoiceId, Outpoint outpoint, long amountMsat, IncomingPayment.State state,
                           int confirmations, Integer blockHeight, Instant receivedAt, Instant settledAt) {

    /** For the DAO's binding. */
    public String reference() {
        return outpoint.toString();
    }

    /** Counts toward the invoice's amount: not replaced. */
    public boolean counts() {
        return state != IncomingPayment.State.replaced;
    }

    ChainPayment with(IncomingPayment.State newState, int newConfirmations, Integer newBlockHeight, Instant newSettledAt) {
        return new ChainPayment(invoiceId, outpoint, amountMsat, newState, newConfirmations, newBlockHeight, receivedAt,
                newSettledAt);
    }

    public static final class Mapper implements RowMapper<ChainPayment> {
        @Override
        public ChainPayment map(ResultSet rs, StatementContext ctx) throws SQLException {
            int height = rs.getInt("block_height");
            // Asked at once: wasNull speaks of the last column read.
            Integer blockHeight = rs.wasNull() ? null : height;
            return new ChainPayment(rs.getString("transaction_id"), Outpoint.parse(rs.getString("reference")),
                    rs.getLong("amount_msat"), IncomingPayment.State.valueOf(rs.getString("state")),
                    rs.getInt("confirmations"), blockHeight, Database.instant(rs, rs.findColumn("received_at")),
                    Database.instant(rs, rs.findColumn("settled_at")));
        }
    }
}
