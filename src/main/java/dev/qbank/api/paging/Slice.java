package dev.qbank.api.paging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One page of rows, in the collection's order, and whether rows exist beyond either end. */
public record Slice<T>(List<T> items, boolean hasNext, boolean hasPrev) {

    public <R> Slice<R> map(java.util.function.Function<T, R> mapper) {
        return new Slice<>(items.stream().map(mapper).toList(), hasNext, hasPrev);
    }

    /**
     * Builds a page from rows fetched by a keyset query with {@code LIMIT fetchSize()}: in the collection's order
     * for a forward read, in reverse for a backward one.
     */
    public static <T> Slice<T> of(List<T> fetched, PageRequest request) {
        boolean more = fetched.size() > request.limit();
        List<T> page = new ArrayList<>(more ? fetched.subList(0, request.limit()) : fetched);
        if (request.backwards()) {
            Collections.reverse(page);
            return new Slice<>(page, true, more);
        }
        return new Slice<>(page, more, request.cursor().isPresent());
    }
}
