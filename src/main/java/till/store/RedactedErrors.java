package till.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * JDBC whose errors carry no data. H2's exception messages quote the SQL and the values that failed (a webhook
 * secret that did not fit its column, say), and every log line that prints an exception would print them. The
 * connections and statements handed out are wrapped, and each {@link SQLException} they throw is replaced by one
 * with only its SQLState and error code, which is all the code acts on (unique and check violations). Result sets
 * are not wrapped: statements fail with the values, reading rows does not, and rows are read column by column.
 */
final class RedactedErrors implements InvocationHandler {
    private final Object target;

    private RedactedErrors(Object target) {
        this.target = target;
    }

    static DataSource dataSource(DataSource dataSource) {
        return wrap(dataSource, DataSource.class);
    }

    /** The SQLState and error code of {@code e}, as a new exception without its message, SQL or cause. */
    static SQLException redact(SQLException e) {
        String message = "database error (SQLState " + e.getSQLState() + ", error code " + e.getErrorCode() + ")";
        SQLException redacted = e.getSQLState() != null && e.getSQLState().startsWith("23")
                ? new SQLIntegrityConstraintViolationException(message, e.getSQLState(), e.getErrorCode())
                : new SQLException(message, e.getSQLState(), e.getErrorCode());
        redacted.setStackTrace(e.getStackTrace());
        return redacted;
    }

    private static <T> T wrap(Object target, Class<T> type) {
        return type.cast(Proxy.newProxyInstance(RedactedErrors.class.getClassLoader(), new Class<?>[] {type},
                new RedactedErrors(target)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SQLException sql ? redact(sql) : e.getCause();
        }
        Class<?> type = method.getReturnType();
        boolean wrapped = type == Connection.class || Statement.class.isAssignableFrom(type);
        return result != null && wrapped && !method.getName().equals("unwrap") ? wrap(result, type) : result;
    }
}
