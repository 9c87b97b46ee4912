package dev.qbank.api;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises failures that mean "the database is down or stalled" (as opposed to a bug), anywhere in a cause
 * chain, so that they are answered 503 + Retry-After instead of 500. They arrive within bounded time because the
 * pool's acquisition timeout, the driver's connect and socket timeouts and PostgreSQL's statement_timeout are all
 * set (application.properties).
 */
public final class DatabaseUnavailable {

    public static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SocketTimeoutException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08xxx: connection exceptions; 57P01-57P03: server shutting down or not accepting; 57014: statement_timeout.
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("57014"))) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null && message.contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
                    || t.getClass().getName().endsWith("QueryTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's class and message, for our log only. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
