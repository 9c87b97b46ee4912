package dev.qbank.category;

import dev.qbank.db.AuditedEntity;
import io.quarkus.panache.common.Parameters;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.util.Optional;

/** A category of the bank; its version, times and soft delete are {@link AuditedEntity}'s. */
@Entity
@Table(name = "categories")
public class Category extends AuditedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String slug;

    public String name;

    public String description;

    /** Display order; also the sort key of the categories collection. */
    public int position;

    /** The live (not deleted) category with this slug. */
    public static Optional<Category> findBySlug(String slug) {
        return findBySlug(slug, LockModeType.NONE);
    }

    /** The live category with this slug, its row locked as asked until the transaction ends. */
    public static Optional<Category> findBySlug(String slug, LockModeType lock) {
        return find("slug = :slug and deletedAt is null", Parameters.with("slug", slug))
                .withLock(lock)
                .firstResultOptional();
    }
}
