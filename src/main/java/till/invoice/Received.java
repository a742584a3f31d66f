package till.invoice;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** What one invoice has received on one rail in one state, summed over its incoming payments. */
public record Received(String invoiceId, Rail rail, IncomingPayment.State state, long amountMsat) {

    public static final class Mapper implements RowMapper<Received> {
        @Override
        public Received map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Received(rs.getString("transaction_id"), Rail.valueOf(rs.getString("rail")), IncomingPayment.State.valueOf(rs.getString("state")),
                    rs.getLong("amount_msat"));
        }
    }
}
