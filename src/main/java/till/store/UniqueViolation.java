package till.store;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementException;

/** Whether a statement failed on a unique constraint: another writer stored the same key first. */
public final class UniqueViolation {
    /** SQLSTATE of a unique violation, the same in H2 and PostgreSQL. */
    private static final String SQL_STATE = "23505";

    private UniqueViolation() {
    }

    /** A batch reports the failed row's error as its own or as the next exception: look at both. */
    public static boolean is(StatementException e) {
        for (SQLException sql = e.getCause() instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
            if (SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
