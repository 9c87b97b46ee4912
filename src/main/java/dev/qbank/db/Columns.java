package dev.qbank.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The values of native queries' result columns, read as the types the code works with. */
public final class Columns {

    private Columns() {}

    /**
     * A timestamptz column, whichever Java type pgjdbc and Hibernate chose for it (an {@link Instant}, an
     * {@link OffsetDateTime} or a {@link Timestamp}, depending on the query and the driver); null stays null.
     */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value.getClass());
    }
}
