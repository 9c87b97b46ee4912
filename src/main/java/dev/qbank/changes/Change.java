package dev.qbank.changes;

import java.time.Instant;

/** A row of bank_changes: which question (number) or category (slug) changed, how, and when it committed. */
record Change(long sequence, String type, Instant changedAt, Integer number, String slug) {

    boolean tombstone() {
        return type.endsWith(".deleted");
    }
}
