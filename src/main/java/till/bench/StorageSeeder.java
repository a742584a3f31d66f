package till.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import till.account.Secrets;
import till.store.Database;
import till.store.Ids;

/**
 * Fills a fresh Till database with many transactions, fast: Till's own {@link Database#open} creates the schema
 * (Flyway), then JDBC batches insert rows shaped like Till's (one account, one terminal; 80 % paid with their
 * ledger credit, 20 % long expired), 10,000 rows per database transaction. The bolt11 column holds random text
 * of a real invoice's length: signing a million invoices would take longer than everything else, and nothing on
 * the measured paths decodes a stored bolt11.
 */
final class StorageSeeder {
    private static final int BATCH = 10_000;
    private static final int BOLT11_LENGTH = 290;
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final long YEAR_MS = 365L * 24 * 3600 * 1000;

    /**
     * What the lookups need: some hashes that exist, the largest {@code seq} (cursors run below it), and the shop's
     * full key (to sign in to its dashboard).
     */
    record Seeded(List<String> sampleHashes, long rows, String shopKey) {}

    private StorageSeeder() {}

    static Seeded seed(Path dataDir, int rows) throws SQLException {
        Random random = new Random(7);
        List<String> sample = new ArrayList<>();
        String shopKey = Secrets.random(32);
        try (Database database = Database.open(dataDir)) {
            try (var handle = database.jdbi().open()) {
                Connection connection = handle.getConnection();
                connection.setAutoCommit(false);
                long now = System.currentTimeMillis();
                String accountId = Ids.next();
                String bptId = Secrets.random(24);
                try (PreparedStatement account = connection.prepareStatement("INSERT INTO account (id, name, fee_ppm,"
                        + " balance_msat, created_at) VALUES (?, 'Bench shop', 0, 0, ?)");
                     PreparedStatement bpt = connection.prepareStatement("INSERT INTO bpt (id, account_id, name,"
                             + " split_bitcoin_percentage, created_at) VALUES (?, ?, 'Bench counter', 100, ?)");
                     PreparedStatement key = connection.prepareStatement("INSERT INTO api_key (id, account_id, kind,"
                             + " key_hash, created_at) VALUES (?, ?, 'full', ?, ?)")) {
                    account.setString(1, accountId);
                    account.setLong(2, now - YEAR_MS);
                    account.executeUpdate();
                    bpt.setString(1, bptId);
                    bpt.setString(2, accountId);
                    bpt.setLong(3, now - YEAR_MS);
                    bpt.executeUpdate();
                    key.setString(1, accountId);
                    key.setString(2, accountId);
                    key.setString(3, Secrets.hash(shopKey));
                    key.setLong(4, now - YEAR_MS);
                    key.executeUpdate();
                }
                long credited = insertTransactions(connection, rows, accountId, bptId, now, random, sample);
                try (PreparedStatement balance = connection.prepareStatement("UPDATE account SET balance_msat = ? WHERE id = ?")) {
                    balance.setLong(1, credited);
                    balance.setString(2, accountId);
                    balance.executeUpdate();
                }
                connection.commit();
                connection.setAutoCommit(true); // hands the connection back to the pool as it came
                // Batch loading leaves old page versions behind; a compacted file measures the data, not the loader.
                try (var compact = connection.createStatement()) {
                    compact.execute("SHUTDOWN COMPACT");
                }
            }
        }
        return new Seeded(sample, rows, shopKey);
    }

    /** Inserts the rows; returns the sum credited to the account. The watcher's cursor stays at 0: it counts the
     *  node's payments, and the node has seen none of these. */
    private static long insertTransactions(Connection connection, int rows, String accountId, String bptId, long now,
                                           Random random, List<String> sample) throws SQLException {
        long credited = 0;
        try (PreparedStatement tx = connection.prepareStatement("INSERT INTO transactions (id, account_id, bpt_id,"
                + " invoice_hash, amount_msat, split_bitcoin_percentage, status, created_at, expires_at,"
                + " settled_at, amount_received_msat, received_msat, fee_process_msat)"
                + " VALUES (?, ?, ?, ?, ?, 100, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement request = connection.prepareStatement("INSERT INTO payment_request (transaction_id,"
                     + " rail, reference, request, node_reference) VALUES (?, 'lightning', ?, ?, ?)");
             PreparedStatement incoming = connection.prepareStatement("INSERT INTO incoming_payment (transaction_id,"
                     + " rail, reference, amount_msat, confirmations, state, received_at)"
                     + " VALUES (?, 'lightning', ?, ?, 1, 'confirmed', ?)");
             PreparedStatement ledger = connection.prepareStatement("INSERT INTO ledger (account_id, kind, amount_msat,"
                     + " transaction_id, created_at) VALUES (?, 'credit', ?, ?, ?)")) {
            byte[] hash = new byte[32];
            char[] bolt11 = new char[BOLT11_LENGTH];
            long payIndex = 0;
            for (int i = 0; i < rows; i++) {
                String id = Ids.next();
                random.nextBytes(hash);
                String invoiceHash = HexFormat.of().formatHex(hash);
                if (i % Math.max(1, rows / 10_000) == 0) {
                    sample.add(invoiceHash);
                }
                long createdAt = now - YEAR_MS + YEAR_MS * i / rows - 3_600_000;
                long amount = 1000 + random.nextInt(10_000_000);
                boolean paid = random.nextInt(10) < 8;
                tx.setString(1, id);
                tx.setString(2, accountId);
                tx.setString(3, bptId);
                tx.setString(4, invoiceHash);
                tx.setLong(5, amount);
                tx.setString(6, paid ? "paid" : "expired");
                tx.setLong(7, createdAt);
                tx.setLong(8, createdAt + 900_000);
                request.setString(1, id);
                request.setString(2, invoiceHash);
                request.setString(3, bolt11(bolt11, random));
                request.setString(4, "till-" + id);
                request.addBatch();
                if (paid) {
                    tx.setLong(9, createdAt + 20_000);
                    tx.setLong(10, amount);
                    tx.setLong(11, amount);
                    tx.setLong(12, 0);
                    incoming.setString(1, id);
                    incoming.setString(2, Long.toString(++payIndex));
                    incoming.setLong(3, amount);
                    incoming.setLong(4, createdAt + 20_000);
                    incoming.addBatch();
                    ledger.setString(1, accountId);
                    ledger.setLong(2, amount);
                    ledger.setString(3, id);
                    ledger.setLong(4, createdAt + 20_000);
                    ledger.addBatch();
                    credited += amount;
                } else {
                    for (int column = 9; column <= 12; column++) {
                        tx.setNull(column, java.sql.Types.BIGINT);
                    }
                }
                tx.addBatch();
                if ((i + 1) % BATCH == 0 || i == rows - 1) {
                    tx.executeBatch();
                    request.executeBatch();
                    incoming.executeBatch();
                    ledger.executeBatch();
                    connection.commit();
                }
            }
        }
        return credited;
    }

    private static String bolt11(char[] buffer, Random random) {
        buffer[0] = 'l';
        buffer[1] = 'n';
        buffer[2] = 'b';
        buffer[3] = 'c';
        buffer[4] = 'r';
        buffer[5] = 't';
        for (int i = 6; i < buffer.length; i++) {
            buffer[i] = BECH32.charAt(random.nextInt(BECH32.length()));
        }
        return new String(buffer);
    }
}
