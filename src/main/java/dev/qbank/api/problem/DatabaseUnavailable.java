package dev.qbank.api.problem;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises failures that mean "the database is down or stalled" (as opposed to a bug), anywhere in a cause
 * chain, so that they are answered 503 + Retry-After instead of 500. They arrive within bounded time because the
 * pool's acquisition timeout, the driver's connect and socket timeouts and PostgreSQL's statement_timeout are all
 * set (application.properties).
 *
 * <p>The ways it shows up, each tested in DegradationTest and DatabaseRefusedTest: the pool's acquisition time-out
 * (Agroal: a plain SQLException "Acquisition timeout while waiting for new connection" or "Sorry, acquisition
 * timeout!", without a SQLSTATE), connection refused (08001, or a ConnectException), statement time-out (57014), a
 * connection broken under a query (08006/08003, a socket time-out or reset) and a backend terminated by the server
 * (57P01-57P03).
 */
public final class DatabaseUnavailable {

    public static final String RETRY_AFTER_SECONDS = "5";

    /** The 503 a request gets while the database does not answer; send it with Retry-After: {@link #RETRY_AFTER_SECONDS}. */
    public static Problem problem() {
        return Problem.of(ProblemType.SERVICE_UNAVAILABLE, "The database is not answering; retry in a few seconds.");
    }

    private DatabaseUnavailable() {}

    /**
     * Whether the failure, any of its causes or any exception suppressed along the way (a transaction manager keeps
     * the driver's error as a suppressed exception of its "could not commit" when the connection died under a
     * commit) means the database is unavailable.
     */
    public static boolean causedBy(Throwable failure) {
        return causedBy(failure, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static boolean causedBy(Throwable t, Set<Throwable> seen, int depth) {
        if (t == null || depth > 32 || !seen.add(t)) {
            return false;
        }
        if (unavailable(t)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (causedBy(suppressed, seen, depth + 1)) {
                return true;
            }
        }
        return causedBy(t.getCause(), seen, depth + 1);
    }

    private static boolean unavailable(Throwable t) {
        if (t instanceof SQLTransientConnectionException
                || t instanceof SocketTimeoutException
                || t instanceof SocketException) { // ConnectException, "Connection reset", "Broken pipe"
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08xxx: connection exceptions; 57P01-57P03: server shutting down or not accepting; 57014:
            // statement_timeout.
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("57014"))) {
                return true;
            }
            String message = sql.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        String name = t.getClass().getName();
        return name.equals("org.hibernate.exception.JDBCConnectionException") || name.endsWith("QueryTimeoutException");
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
