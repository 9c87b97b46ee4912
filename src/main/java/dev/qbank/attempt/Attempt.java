package dev.qbank.attempt;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One answer a learner gave, with the SM-2 state before and after it. */
@Entity
@Table(name = "attempts")
public class Attempt extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "question_number")
    public int questionNumber;

    public String answer;

    public String rating;

    @Column(name = "duration_ms")
    public int durationMs;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "ease_before")
    public BigDecimal easeBefore;

    @Column(name = "ease_after")
    public BigDecimal easeAfter;

    @Column(name = "interval_days_before")
    public int intervalDaysBefore;

    @Column(name = "interval_days_after")
    public int intervalDaysAfter;

    @Column(name = "repetitions_before")
    public int repetitionsBefore;

    @Column(name = "repetitions_after")
    public int repetitionsAfter;

    @Column(name = "due_at")
    public Instant dueAt;

    /** fsrs or sm2: the scheduler that set this attempt's due date; null before FSRS-6 (SM-2 then). */
    public String scheduler;

    /** The FSRS-6 card's due date after this attempt, when FSRS-6 scheduled it. */
    @Column(name = "fsrs_due_at")
    public Instant fsrsDueAt;
}
