package dev.qbank.api.paging;

import java.util.List;

/**
 * A decoded page cursor: the sort key of the row it points after (or before) and the direction to read in.
 * Clients only ever see it encoded and signed by {@link CursorCodec}.
 */
public record Cursor(Direction direction, List<Object> key) {

    public enum Direction {
        /** Rows after the key, in the collection's order. */
        NEXT,
        /** Rows before the key, read backwards and returned in the collection's order. */
        PREV
    }

    public static Cursor after(List<Object> key) {
        return new Cursor(Direction.NEXT, key);
    }

    public static Cursor before(List<Object> key) {
        return new Cursor(Direction.PREV, key);
    }

    public boolean backwards() {
        return direction == Direction.PREV;
    }

    public long longAt(int index) {
        Object value = key.get(index);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("cursor key " + index + " is not a number");
    }

    public String stringAt(int index) {
        Object value = key.get(index);
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalStateException("cursor key " + index + " is not a string");
    }
}
