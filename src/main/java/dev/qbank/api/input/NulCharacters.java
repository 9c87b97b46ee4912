package dev.qbank.api.input;

/**
 * PostgreSQL text cannot hold U+0000, so a value carrying one would fail in the database as a 500. Path and query
 * parameters are refused by {@link ParameterBounds}, once for every route; body fields by {@link #NONE} on the request
 * records.
 */
public final class NulCharacters {

    /** For {@code @Pattern} on request fields: any text without U+0000. */
    public static final String NONE = "^[^\\x00]*$";

    public static final String REASON = "must not contain the NUL character (U+0000)";

    private NulCharacters() {}
}
