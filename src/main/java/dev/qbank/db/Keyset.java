package dev.qbank.db;

import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keyset ("seek") pagination over a sort key, written once for every collection. A page is "the rows after the key
 * of the last row seen, in the sort order, limit n": an index range scan answers it at the same cost at any depth, and
 * it never skips or repeats a row when others are inserted or deleted meanwhile (as OFFSET does). A backward read
 * takes the rows before the key in reverse order; the caller puts them back (api.Slice).
 *
 * <p>The same text serves native SQL and HQL: a predicate on the key's columns, an ORDER BY, and named parameters
 * {@code :key0}, {@code :key1}, ... for the key's values.
 */
public final class Keyset {

    /**
     * One column (or expression) of the sort key, its direction in the collection's order, and the Java type its
     * value is bound as; {@code sqlType}, when not null, casts the parameter (a float4 rank compared exactly).
     */
    public record Column(String expression, boolean descending, Class<?> type, String sqlType) {

        /** This column with its parameter cast to {@code sqlType}: CAST(:keyN AS sqlType). */
        public Column as(String sqlType) {
            return new Column(expression, descending, type, sqlType);
        }

        Object value(Object raw) {
            if (type.isInstance(raw)) {
                return raw;
            }
            // A cursor's key as decoded from JSON: numbers, and strings for ids and times.
            if (raw instanceof Number n) {
                if (type == Integer.class) {
                    return n.intValue();
                }
                if (type == Long.class) {
                    return n.longValue();
                }
                if (type == Float.class) {
                    return n.floatValue();
                }
            }
            if (raw instanceof String s) {
                if (type == UUID.class) {
                    return UUID.fromString(s);
                }
                if (type == Instant.class) {
                    return Instant.parse(s);
                }
            }
            throw new IllegalStateException("a key value for " + expression + " is not a " + type.getSimpleName());
        }
    }

    /** The predicate, ORDER BY and parameters of one read. */
    public record Seek(Optional<String> predicate, String orderBy, Map<String, Object> parameters) {

        /** " and " and the predicate, or nothing on a first page: to follow the query's own conditions. */
        public String and() {
            return predicate.map(p -> " and " + p).orElse("");
        }

        /** " WHERE " and the predicate, or nothing on a first page: for a query without conditions of its own. */
        public String where() {
            return predicate.map(p -> " WHERE " + p).orElse("");
        }

        /** Sets the key's parameters, if any, on the query that uses {@link #predicate}. */
        public <Q extends Query> Q bind(Q query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    private final List<Column> columns;

    private Keyset(List<Column> columns) {
        this.columns = columns;
    }

    public static Keyset of(Column... columns) {
        return new Keyset(List.of(columns));
    }

    public static Column asc(String expression, Class<?> type) {
        return new Column(expression, false, type, null);
    }

    public static Column desc(String expression, Class<?> type) {
        return new Column(expression, true, type, null);
    }

    /**
     * The read that starts after {@code key} (one value per column; empty: from the start) in the collection's order
     * or, {@code backwards}, before it in reverse order.
     */
    public Seek seek(boolean backwards, Optional<? extends List<?>> key) {
        List<String> order = new ArrayList<>();
        for (Column column : columns) {
            order.add(column.expression() + (column.descending() != backwards ? " DESC" : " ASC"));
        }
        if (key.isEmpty()) {
            return new Seek(Optional.empty(), String.join(", ", order), Map.of());
        }
        List<?> values = key.get();
        if (values.size() != columns.size()) {
            throw new IllegalStateException("a key of " + values.size() + " values for " + columns.size() + " columns");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> expressions = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            parameters.put("key" + i, column.value(values.get(i)));
            expressions.add(column.expression());
            placeholders.add(column.sqlType() == null ? ":key" + i : "CAST(:key" + i + " AS " + column.sqlType() + ")");
        }
        return new Seek(
                Optional.of(predicate(backwards, expressions, placeholders)), String.join(", ", order), parameters);
    }

    /**
     * One column: {@code a > :key0}. Columns all in one direction: a row value comparison, {@code (a, b) > (:key0,
     * :key1)}, which PostgreSQL answers from an index on (a, b). Mixed directions: {@code (a < :key0 OR (a = :key0 AND
     * b > :key1))}.
     */
    private String predicate(boolean backwards, List<String> expressions, List<String> placeholders) {
        if (columns.size() == 1) {
            return expressions.get(0) + comparison(columns.get(0), backwards) + placeholders.get(0);
        }
        if (columns.stream().allMatch(c -> c.descending() == columns.get(0).descending())) {
            return "(" + String.join(", ", expressions) + ")" + comparison(columns.get(0), backwards) + "("
                    + String.join(", ", placeholders) + ")";
        }
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            StringBuilder alternative = new StringBuilder();
            for (int j = 0; j < i; j++) {
                alternative
                        .append(expressions.get(j))
                        .append(" = ")
                        .append(placeholders.get(j))
                        .append(" AND ");
            }
            alternative
                    .append(expressions.get(i))
                    .append(comparison(columns.get(i), backwards))
                    .append(placeholders.get(i));
            alternatives.add(i == 0 ? alternative.toString() : "(" + alternative + ")");
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    /** After the key in the collection's order: greater for an ascending column, less for a descending one. */
    private static String comparison(Column column, boolean backwards) {
        return column.descending() != backwards ? " < " : " > ";
    }
}
