package dev.qbank.api.conditional;

import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;

/**
 * Optimistic concurrency for writes (RFC 9110 section 13.1.1): the client names the representation it edited with
 * If-Match, and the write happens only while that is still the current one. Callers evaluate it inside the write's
 * transaction, after locking the row, so that the check and the write are one atomic step.
 */
public final class Preconditions {

    private Preconditions() {}

    /** PUT and PATCH: If-Match is required (428, RFC 6585 section 3) and must match strongly (else 412). */
    public static void requireMatch(String ifMatch, String currentEtag, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(
                    ProblemType.PRECONDITION_REQUIRED,
                    "Changing " + what
                            + " requires If-Match with its current ETag (GET it first), so that no one else's change is overwritten.");
        }
        checkMatch(ifMatch, currentEtag, what);
    }

    /** DELETE: If-Match is optional, but when sent it must match. */
    public static void checkMatch(String ifMatch, String currentEtag, String what) {
        if (ifMatch != null && !ifMatch.isBlank() && !EntityTags.matchSucceeds(ifMatch, currentEtag)) {
            throw new ProblemException(
                    ProblemType.PRECONDITION_FAILED,
                    "If-Match does not name the current representation of " + what
                            + ": it changed since you read it. GET it again, reapply your change and retry with the new ETag.");
        }
    }
}
