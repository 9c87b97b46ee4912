package dev.qbank.review;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The one-off move of the learners who had attempts before FSRS-6 (V30__fsrs_review_cards.sql marked them
 * fsrs_replay_pending and left them on SM-2): each one's history is replayed through FSRS-6 and they are switched to
 * it, in one transaction per learner, so a learner is either wholly on SM-2 or on FSRS-6 with every card built. Any
 * number of instances share the work (SKIP LOCKED); when no one is pending, each run is one index probe.
 */
@ApplicationScoped
public class FsrsMigration {

    private static final Logger LOG = Logger.getLogger(FsrsMigration.class);

    private final EntityManager em;
    private final FsrsCards cards;

    public FsrsMigration(EntityManager em, FsrsCards cards) {
        this.em = em;
        this.cards = cards;
    }

    @Scheduled(
            identity = "fsrs-migration",
            every = "10s",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void migratePending() {
        while (migrateOne()) {
            // one learner per transaction, until none is left
        }
    }

    /** Replays one pending learner, if any; whether there was one. */
    boolean migrateOne() {
        return QuarkusTransaction.requiringNew().timeout(600).call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> pending = em.createNativeQuery(
                            "SELECT id FROM users WHERE fsrs_replay_pending LIMIT 1 FOR UPDATE SKIP LOCKED")
                    .getResultList();
            if (pending.isEmpty()) {
                return false;
            }
            UUID userId = pending.get(0);
            long replayed = cards.replayAll(userId);
            em.createNativeQuery("UPDATE users SET scheduler = 'fsrs', fsrs_replay_pending = false WHERE id = :user")
                    .setParameter("user", userId)
                    .executeUpdate();
            LOG.infof("Moved learner %s to FSRS-6: %d attempts replayed", userId, replayed);
            return true;
        });
    }
}
