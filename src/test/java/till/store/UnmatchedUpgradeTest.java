package till.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A V16 database upgraded (V17): its unmatched payment keeps its pay_index as its Lightning reference, and a credited
 * charge's confirmed output is taken as counted in its credit while its pending one is not (it becomes an unmatched
 * payment when it confirms); an unpaid charge's confirmed output is not counted either.
 */
class UnmatchedUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void unmatchedPaymentsGetTheirReferenceAndCreditedChargesOutputsTheirMark() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve(Database.FILE_NAME.replace(".mv.db", "")).toAbsolutePath();
        Flyway.configure().dataSource(url, "till", "").locations("classpath:db/migration")
                .javaMigrations(new SharedForeignKeyIndexes()).target("16").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "till", ""); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO account (id, name, fee_ppm, balance_msat, created_at) VALUES ('acc', 'shop', 0, 0, 1)");
            sql.execute(invoice("paid", "'paid'", "1000"));
            sql.execute(invoice("open", "'underpaid'", "NULL"));
            sql.execute(output("paid", "aa:0", "confirmed"));
            sql.execute(output("paid", "bb:0", "pending"));
            sql.execute(output("open", "cc:0", "confirmed"));
            sql.execute("INSERT INTO unmatched_payment (id, transaction_id, account_id, payment_hash, pay_index, amount_msat, "
                    + "paid_at, recorded_at) VALUES ('u1', 'paid', 'acc', 'hash-paid', 9, 500, 1, 2)");
        }
        Database.open(dir).close();
        try (Connection connection = DriverManager.getConnection(url, "till", ""); Statement sql = connection.createStatement()) {
            assertEquals(List.of("u1 paid lightning 9 9 500"), rows(sql, "SELECT id || ' ' || transaction_id || ' ' || rail || ' ' "
                    + "|| reference || ' ' || pay_index || ' ' || amount_msat FROM unmatched_payment"));
            assertEquals(List.of("aa:0 TRUE", "bb:0 FALSE", "cc:0 FALSE"),
                    rows(sql, "SELECT reference || ' ' || credited FROM incoming_payment ORDER BY reference"));
        }
    }

    private static String invoice(String id, String status, String receivedMsat) {
        return "INSERT INTO transactions (id, account_id, invoice_hash, amount_msat, split_bitcoin_percentage, status, "
                + "created_at, expires_at, received_msat) VALUES ('" + id + "', 'acc', 'hash-" + id + "', 1000, 100, "
                + status + ", 1, 2, " + receivedMsat + ")";
    }

    private static String output(String invoiceId, String reference, String state) {
        return "INSERT INTO incoming_payment (transaction_id, rail, reference, amount_msat, confirmations, state, received_at) "
                + "VALUES ('" + invoiceId + "', 'onchain', '" + reference + "', 1000, 1, '" + state + "', 1)";
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var result = sql.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
