package dev.qbank.api.input;

import dev.qbank.api.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters that name an instant ({@code since}, {@code until}, {@code updated_since}): ISO-8601, or a 400. */
public final class InstantParameters {

    private InstantParameters() {}

    /** The instant, null when the parameter is absent, or an invalid-parameters problem naming it. */
    public static Instant parse(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParam(name, "must be an ISO-8601 instant, such as 2026-11-28T09:00:00Z");
        }
    }
}
