package dev.qbank.question;

import dev.qbank.category.Category;
import dev.qbank.db.AuditedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A question of the bank; its version, times and soft delete are {@link AuditedEntity}'s. */
@Entity
@Table(name = "questions")
public class Question extends AuditedEntity {

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

    /** The jsonb live_example as its JSON text (questions 1-10 only); read-only: migrations write it. */
    @Formula("live_example")
    public String liveExample;
}
