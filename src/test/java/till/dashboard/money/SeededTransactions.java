package till.dashboard.money;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import till.store.Ids;

/**
 * Writes many transactions of one account and terminal straight into Till's tables, in JDBC batches (as the bench's
 * StorageSeeder does): four in five paid (credited their whole amount, no fee), the fifth expired; created one every
 * {@code stepMillis} from {@code firstMillis}, settled 20 s later; tagged "order-<i>". Returns what a test checks.
 */
final class SeededTransactions {
    private static final int BATCH = 10_000;

    record Seeded(int rows, int paid, long paidMsat) {}

    private SeededTransactions() {}

    static boolean paid(int i) {
        return i % 5 != 0;
    }

    static long amountMsat(int i) {
        return 1_000 + (i % 1_000) * 1_000L + (i % 7);
    }

    static Seeded seed(Jdbi jdbi, String accountId, String bptId, int rows, long firstMillis, long stepMillis)
            throws SQLException {
        return jdbi.withHandle(handle -> {
            Connection connection = handle.getConnection();
            connection.setAutoCommit(false);
            try {
                return insert(connection, accountId, bptId, rows, firstMillis, stepMillis);
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private static Seeded insert(Connection connection, String accountId, String bptId, int rows, long firstMillis,
                                 long stepMillis) throws SQLException {
        Random random = new Random();
        byte[] hash = new byte[32];
        int paid = 0;
        long paidMsat = 0;
        try (PreparedStatement tx = connection.prepareStatement("INSERT INTO transactions (id, account_id, bpt_id,"
                + " invoice_hash, amount_msat, tag, split_bitcoin_percentage, status, created_at, expires_at, settled_at,"
                + " amount_received_msat, received_msat, fee_process_msat) VALUES (?, ?, ?, ?, ?, ?, 100, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement request = connection.prepareStatement("INSERT INTO payment_request (transaction_id, rail,"
                     + " reference, request, node_reference) VALUES (?, 'lightning', ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                String id = Ids.next();
                random.nextBytes(hash);
                String invoiceHash = HexFormat.of().formatHex(hash);
                long createdAt = firstMillis + i * stepMillis;
                long amount = amountMsat(i);
                tx.setString(1, id);
                tx.setString(2, accountId);
                tx.setString(3, bptId);
                tx.setString(4, invoiceHash);
                tx.setLong(5, amount);
                tx.setString(6, "order-" + i);
                tx.setString(7, paid(i) ? "paid" : "expired");
                tx.setLong(8, createdAt);
                tx.setLong(9, createdAt + 900_000);
                if (paid(i)) {
                    tx.setLong(10, createdAt + 20_000);
                    tx.setLong(11, amount);
                    tx.setLong(12, amount);
                    tx.setLong(13, 0);
                    paid++;
                    paidMsat += amount;
                } else {
                    for (int column = 10; column <= 13; column++) {
                        tx.setNull(column, java.sql.Types.BIGINT);
                    }
                }
                tx.addBatch();
                request.setString(1, id);
                request.setString(2, invoiceHash);
                request.setString(3, "lnbcrt" + invoiceHash);
                request.setString(4, "till-" + id);
                request.addBatch();
                if ((i + 1) % BATCH == 0 || i == rows - 1) {
                    tx.executeBatch();
                    request.executeBatch();
                    connection.commit();
                }
            }
        }
        return new Seeded(rows, paid, paidMsat);
    }
}
