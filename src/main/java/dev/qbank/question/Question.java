package dev.qbank.question;

import dev.qbank.category.Category;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "questions")
public class Question extends PanacheEntityBase {

    /** The question's global number: its public, stable id. */
    @Id
    public Integer number;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "category_id")
    public Category category;

    public String text;

    public String notes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> tags = new ArrayList<>();

    /** junior, mid or senior; see {@link Difficulty}. */
    public String difficulty;

    @Version
    public long version;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Set by DELETE: the row is hidden from the bank but kept (see V10__soft_delete_and_unique_texts.sql). */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The jsonb live_example as its JSON text (questions 1-10 only); read-only: migrations write it. */
    @Formula("live_example")
    public String liveExample;
}
