package dev.qbank.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysetTest {

    private static final Keyset BY_NUMBER = Keyset.of(Keyset.asc("q.number", Integer.class));
    private static final Keyset NEWEST_FIRST = Keyset.of(Keyset.desc("a.id", UUID.class));

    @Test
    void aFirstPageHasNoPredicateAndTheCollectionsOrder() {
        Keyset.Seek seek = NEWEST_FIRST.seek(false, Optional.empty());
        assertEquals(Optional.empty(), seek.predicate());
        assertEquals("", seek.and());
        assertEquals("", seek.where());
        assertEquals("a.id DESC", seek.orderBy());
        assertEquals(Map.of(), seek.parameters());
    }

    @Test
    void aNextPageSeeksPastTheKeyInTheColumnsDirection() {
        Keyset.Seek ascending = BY_NUMBER.seek(false, Optional.of(List.of(20)));
        assertEquals("q.number > :key0", ascending.predicate().orElseThrow());
        assertEquals("q.number ASC", ascending.orderBy());
        UUID id = UUID.randomUUID();
        Keyset.Seek descending = NEWEST_FIRST.seek(false, Optional.of(List.of(id.toString())));
        assertEquals(" and a.id < :key0", descending.and());
        assertEquals(Map.of("key0", id), descending.parameters());
    }

    @Test
    void aPreviousPageReadsBeforeTheKeyInReverse() {
        Keyset.Seek seek = BY_NUMBER.seek(true, Optional.of(List.of(20L)));
        assertEquals(" WHERE q.number < :key0", seek.where());
        assertEquals("q.number DESC", seek.orderBy());
        assertEquals(Map.of("key0", 20), seek.parameters());
    }

    @Test
    void columnsInOneDirectionCompareAsARowValue() {
        Keyset queue = Keyset.of(
                Keyset.asc("x.grp", Integer.class),
                Keyset.asc("x.sort_at", Instant.class),
                Keyset.asc("x.number", Integer.class));
        Keyset.Seek seek = queue.seek(false, Optional.of(List.of(0, "2026-01-02T03:04:05Z", 7)));
        assertEquals(
                "(x.grp, x.sort_at, x.number) > (:key0, :key1, :key2)",
                seek.predicate().orElseThrow());
        assertEquals("x.grp ASC, x.sort_at ASC, x.number ASC", seek.orderBy());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), seek.parameters().get("key1"));
    }

    @Test
    void mixedDirectionsExpandAndCastWhereAsked() {
        Keyset byRank = Keyset.of(Keyset.desc("h.rank", Float.class).as("real"), Keyset.asc("h.number", Integer.class));
        Keyset.Seek next = byRank.seek(false, Optional.of(List.of(0.5, 3)));
        assertEquals(
                "(h.rank < CAST(:key0 AS real) OR (h.rank = CAST(:key0 AS real) AND h.number > :key1))",
                next.predicate().orElseThrow());
        assertEquals("h.rank DESC, h.number ASC", next.orderBy());
        assertEquals(0.5f, next.parameters().get("key0"));
        Keyset.Seek previous = byRank.seek(true, Optional.of(List.of(0.5, 3)));
        assertEquals(
                "(h.rank > CAST(:key0 AS real) OR (h.rank = CAST(:key0 AS real) AND h.number < :key1))",
                previous.predicate().orElseThrow());
        assertEquals("h.rank ASC, h.number DESC", previous.orderBy());
    }

    @Test
    void aKeyOfTheWrongShapeIsABug() {
        assertThrows(IllegalStateException.class, () -> BY_NUMBER.seek(false, Optional.of(List.of(1, 2))));
        assertThrows(IllegalStateException.class, () -> BY_NUMBER.seek(false, Optional.of(List.of("x"))));
    }
}
