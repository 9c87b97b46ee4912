package dev.qbank.db;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The columns of the bank's editable rows (questions and categories): Hibernate's optimistic-lock version, when the
 * row was created and last changed, and the soft delete. DELETE only sets deleted_at, which hides the row from the
 * bank but keeps it (see V10__soft_delete_and_unique_texts.sql), so every read of live rows says "deleted_at IS NULL".
 */
@MappedSuperclass
public abstract class AuditedEntity extends PanacheEntityBase {

    /** Incremented by Hibernate with every update of the row; an update of a stale copy fails. */
    @Version
    public long version;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** A new row: created and last changed now. */
    public void markCreated() {
        createdAt = now();
        updatedAt = createdAt;
    }

    public void markUpdated() {
        updatedAt = now();
    }

    /** The soft delete: the row leaves the bank but stays in the table. */
    public void markDeleted() {
        deletedAt = now();
    }

    /** Now, at the precision timestamptz keeps (microseconds), so that what is written reads back equal. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
