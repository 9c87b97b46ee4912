package dev.qbank.category;

import dev.qbank.db.AuditedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
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

    public static Optional<Category> findBySlug(String slug) {
        return find("slug = ?1 and deletedAt is null", slug).firstResultOptional();
    }
}
