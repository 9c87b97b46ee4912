package dev.qbank.api.input;

import dev.qbank.api.problem.ProblemException;
import java.util.UUID;

/** Parsing of opaque ids in paths: a malformed id is a 400 naming the parameter, never a 500. */
final class Ids {

    private Ids() {}

    public static UUID uuid(String raw, String parameter) {
        if (raw != null && raw.length() == 36) {
            try {
                return UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                // fall through to the problem
            }
        }
        throw ProblemException.invalidParam(
                parameter, "must be an id as this API returned it, such as 0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b");
    }
}
