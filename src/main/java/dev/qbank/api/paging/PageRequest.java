package dev.qbank.api.paging;

import java.util.Optional;

/**
 * What a client asked of a collection: how many items, and from where. {@code scope} names the collection and its
 * filters; cursors are bound to it.
 */
public record PageRequest(String scope, int limit, Optional<Cursor> cursor) {

    /** Rows to fetch: one more than the page, to learn whether another page follows without counting. */
    public int fetchSize() {
        return limit + 1;
    }

    public boolean backwards() {
        return cursor.map(Cursor::backwards).orElse(false);
    }
}
