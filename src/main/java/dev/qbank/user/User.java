package dev.qbank.user;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    /** {@code fsrs} or {@code sm2}: which scheduler sets the learner's due dates ({@link SchedulerChoice}). */
    public String scheduler = SchedulerChoice.FSRS.wire();

    /** FSRS-6's target probability of recall at the due date, 0.70 to 0.97. */
    @Column(name = "desired_retention")
    public BigDecimal desiredRetention = DEFAULT_RETENTION;

    public static final BigDecimal DEFAULT_RETENTION = new BigDecimal("0.90");
    public static final BigDecimal MIN_RETENTION = new BigDecimal("0.70");
    public static final BigDecimal MAX_RETENTION = new BigDecimal("0.97");
}
