package dev.qbank.db;

import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * Unique constraints are the last word on duplicates: a service checks first (for a helpful message), and a write that
 * races past the check fails at flush on the constraint, which this turns into the same 409 problem.
 */
public final class Conflicts {

    private Conflicts() {}

    public static void flush(EntityManager em, String detail) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof org.hibernate.exception.ConstraintViolationException violation
                        && violation.getKind()
                                == org.hibernate.exception.ConstraintViolationException.ConstraintKind.UNIQUE) {
                    throw new ProblemException(ProblemType.CONFLICT, detail);
                }
            }
            throw e;
        }
    }
}
