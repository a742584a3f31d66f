package till.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.store.Database;

/**
 * A database at the schema before payment requests and incoming payments (V12), as today's release leaves it, with
 * unpaid, paid, overpaid, expired and internally paid invoices: after the upgrade the API reads every one back as it
 * was, their public ids are kept and never reused, and each paid one has received its payment.
 */
@FirstRunOnly
class PaymentRequestUpgradeTest {
    private static final String ADMIN = TestTill.ADMIN_KEY;
    private static final long NOW = System.currentTimeMillis();

    /** One invoice as V12 stored it. */
    private record Row(String id, String hash, String status, long amount, Long received, Long fee, Long payIndex,
                       long expiresAt, String tag) {
        boolean paid() {
            return status.equals("paid");
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("inv-unpaid", hex('a'), "unpaid", 5_000, null, null, null, NOW + 3_600_000, "table 4"),
            new Row("inv-paid", hex('b'), "paid", 7_000, 7_000L, 70L, 11L, NOW - 60_000, null),
            new Row("inv-expired", hex('c'), "expired", 9_000, null, null, null, NOW - 60_000, "late"),
            new Row("inv-overpaid", hex('d'), "paid", 1_000, 1_500L, 15L, 12L, NOW - 60_000, "tip"),
            new Row("inv-internal", hex('e'), "paid", 2_000, 2_000L, 20L, null, NOW - 60_000, null));

    @Test
    void aV12DatabaseReadsBackIdenticallyAndItsPaidInvoicesHaveTheirPayments() throws Exception {
        Path dir = TestTill.tempDir();
        String url = "jdbc:h2:file:" + dir.resolve(Database.FILE_NAME.replace(".mv.db", "")).toAbsolutePath();
        Flyway.configure().dataSource(url, "till", "").locations("classpath:db/migration").target("12").load().migrate();
        List<Long> seqs = insertV12(url);

        try (TestTill till = TestTill.start(dir, Map.of())) {
            JsonNode listed = till.get("/transactions?limit=100", ADMIN).json().get("data");
            assertEquals(ROWS.size(), listed.size());
            for (int i = 0; i < ROWS.size(); i++) {
                Row row = ROWS.get(i);
                JsonNode read = till.get("/transaction/" + seqs.get(i), ADMIN).json();
                assertTransaction(row, seqs.get(i), read);
                assertEquals(read, till.get("/invoice/from-hash/" + row.hash(), ADMIN).json());
                assertEquals(read, listed.get(ROWS.size() - 1 - i), "newest first, as before");
            }
            assertEquals(3, till.get("/transactions?status=paid", ADMIN).json().get("data").size());
            assertEquals(ROWS.get(2).hash(),
                    till.get("/transactions?status=expired", ADMIN).json().get("data").get(0).get("invoiceHash").asText());
            assertEquals(10_000, till.get("/accounts/acc-1", ADMIN).json().get("balanceMsat").asLong(), "the ledger untouched");

            Shop shop = till.createShop(0);
            long next = TillClient.transactionId(till.createInvoice(shop, 1000));
            assertTrue(next > seqs.stream().mapToLong(Long::longValue).max().orElseThrow(), "public ids never reused: " + next);
        }
        try (Connection connection = DriverManager.getConnection(url, "till", "")) {
            assertEquals(List.of("inv-internal internal", "inv-overpaid lightning 12 1500", "inv-paid lightning 11 7000"),
                    incomingPayments(connection));
            assertEquals(ROWS.size() + 1, count(connection, "SELECT COUNT(*) FROM payment_request WHERE rail = 'lightning'"));
        }
    }

    private static void assertTransaction(Row row, long seq, JsonNode read) {
        assertEquals(seq, TillClient.transactionId(read));
        assertEquals(row.hash(), read.get("invoiceHash").asText());
        assertEquals("lnbcrt-" + row.id(), read.get("bolt11").asText());
        assertEquals(row.status(), read.get("status").asText());
        assertEquals(row.paid(), read.get("isPaid").asBoolean());
        assertEquals(row.amount(), read.get("amountMsat").asLong());
        assertEquals(row.received() == null ? null : row.received() - row.fee(),
                read.get("receivedMsat").isNull() ? null : read.get("receivedMsat").asLong());
        assertEquals(row.fee(), read.get("feeProcessMsat").isNull() ? null : read.get("feeProcessMsat").asLong());
        assertEquals(row.tag(), read.get("tag").isNull() ? null : read.get("tag").asText());
        assertEquals("acc-1", read.get("accountId").asText());
        assertEquals("bpt-1", read.get("bptId").asText());
        assertEquals(NOW - 7_200_000, millis(read, "createdAtUtc"));
        assertEquals(row.expiresAt(), millis(read, "expiresAtUtc"));
        assertEquals(row.paid() ? NOW - 3_600_000 : null, read.get("settledAtUtc").isNull() ? null : millis(read, "settledAtUtc"));
    }

    private static Long millis(JsonNode read, String field) {
        return Instant.parse(read.get(field).asText()).toEpochMilli();
    }

    /** The account, its terminal and the invoices, as a V12 Till wrote them; returns their public ids, in order. */
    private static List<Long> insertV12(String url) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "till", "")) {
            connection.createStatement().execute("INSERT INTO account (id, name, fee_ppm, balance_msat, created_at) "
                    + "VALUES ('acc-1', 'shop', 10000, 10000, " + NOW + ")");
            connection.createStatement().execute("INSERT INTO bpt (id, account_id, name, split_bitcoin_percentage, created_at) "
                    + "VALUES ('bpt-1', 'acc-1', 'till', 100, " + NOW + ")");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO transactions (id, account_id, bpt_id, "
                    + "invoice_hash, bolt11, label, amount_msat, tag, split_bitcoin_percentage, status, created_at, expires_at, "
                    + "settled_at, amount_received_msat, received_msat, fee_process_msat, pay_index) "
                    + "VALUES (?, 'acc-1', 'bpt-1', ?, ?, ?, ?, ?, 100, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"SEQ"})) {
                for (Row row : ROWS) {
                    insert.setString(1, row.id());
                    insert.setString(2, row.hash());
                    insert.setString(3, "lnbcrt-" + row.id());
                    insert.setString(4, "till-" + row.id());
                    insert.setLong(5, row.amount());
                    insert.setString(6, row.tag());
                    insert.setString(7, row.status());
                    insert.setLong(8, NOW - 7_200_000);
                    insert.setLong(9, row.expiresAt());
                    setNullable(insert, 10, row.paid() ? NOW - 3_600_000 : null);
                    setNullable(insert, 11, row.received());
                    setNullable(insert, 12, row.received() == null ? null : row.received() - row.fee());
                    setNullable(insert, 13, row.fee());
                    setNullable(insert, 14, row.payIndex());
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        seqs.add(keys.getLong(1));
                    }
                }
            }
        }
        return seqs;
    }

    private static List<String> incomingPayments(Connection connection) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rs = connection.createStatement().executeQuery("SELECT transaction_id, rail, reference, amount_msat "
                + "FROM incoming_payment ORDER BY transaction_id")) {
            while (rs.next()) {
                found.add(rs.getString(2).equals("internal") ? rs.getString(1) + " internal"
                        : rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getLong(4));
            }
        }
        return found;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String hex(char c) {
        return String.valueOf(c).repeat(64);
    }
}
