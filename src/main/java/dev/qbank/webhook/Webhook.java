package dev.qbank.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A webhook subscription: where to send which events, the secret to sign them with, and its breaker. */
@Entity
@Table(name = "webhooks")
public class Webhook extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The learner it belongs to; null for the admin's. */
    @Column(name = "user_id")
    public UUID userId;

    public String url;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> events = new ArrayList<>();

    public String secret;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "breaker_state")
    public String breakerState = Breaker.State.CLOSED.wire();

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    @Column(name = "breaker_opens")
    public int breakerOpens;

    @Column(name = "breaker_retry_at")
    public Instant breakerRetryAt;

    Breaker breaker() {
        return new Breaker(Breaker.State.fromWire(breakerState), consecutiveFailures, breakerOpens, breakerRetryAt);
    }

    void breaker(Breaker breaker) {
        breakerState = breaker.state().wire();
        consecutiveFailures = breaker.consecutiveFailures();
        breakerOpens = breaker.opens();
        breakerRetryAt = breaker.retryAt();
    }
}
