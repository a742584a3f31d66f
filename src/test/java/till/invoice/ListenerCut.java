package till.invoice;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import till.bench.ThrowawayPostgres;

/**
 * Cuts a process's event listening from outside, as a PostgreSQL restart or a broken network would, and keeps it cut:
 * the process's database role may not log in until {@link #restore()}, so it cannot listen again before the test says.
 */
final class ListenerCut {
    private final ThrowawayPostgres pg;
    private final String db;
    private final String role;

    ListenerCut(ThrowawayPostgres pg, String db, String role) {
        this.pg = pg;
        this.db = db;
        this.role = role;
    }

    /** Makes the role the cut process connects as (a superuser, like the tests' own). */
    void createRole() throws SQLException {
        execute("CREATE ROLE " + role + " LOGIN SUPERUSER");
    }

    /** Refuses the role's logins and ends its listening connections, answering how many were ended. */
    int cut() throws SQLException {
        execute("ALTER ROLE " + role + " NOLOGIN");
        try (Connection c = pg.connect(db);
             PreparedStatement s = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE usename = ? AND application_name = ?")) {
            s.setString(1, role);
            s.setString(2, PgInvoiceEvents.APPLICATION_NAME);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Lets the role log in again: the process listens again and catches up. */
    void restore() throws SQLException {
        execute("ALTER ROLE " + role + " LOGIN");
    }

    private void execute(String statement) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
