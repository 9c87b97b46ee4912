package dev.qbank.review;

import dev.qbank.db.JobQueue;
import dev.qbank.review.fsrs.Optimizer;
import dev.qbank.review.fsrs.Parameters;
import dev.qbank.review.fsrs.ReviewLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs fit jobs, one at a time per instance: the scheduler's single thread for this job (concurrentExecution SKIP) is
 * the only one that runs the optimizer, so the request path keeps its threads and at most one fit's CPU work and memory
 * (a few hundred kilobytes for 10,000 answers) are in the heap at once. A job is claimed with {@code FOR UPDATE SKIP
 * LOCKED} and leased, as imports are. The answers are read in batches in a short transaction; the fit runs outside any
 * transaction, holding no connection; the new version, the replay of every card with it and the job's success are
 * then one transaction.
 */
@ApplicationScoped
public class FsrsFitWorker {

    private static final Logger LOG = Logger.getLogger(FsrsFitWorker.class);

    /** A fit is bounded by its evaluations (seconds); a worker silent for ten minutes is presumed dead. */
    private static final String CLAIM_SQL = """
            UPDATE fsrs_fit_jobs SET status = 'running', started_at = coalesce(started_at, now()),
                lease_until = now() + interval '10 minutes'
            WHERE id = (
                SELECT id FROM fsrs_fit_jobs
                WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, user_id""";

    private record Job(UUID id, UUID userId) {}

    private final EntityManager em;
    private final FsrsFitService fits;
    private final FsrsConfig config;
    private final FsrsCards cards;

    public FsrsFitWorker(EntityManager em, FsrsFitService fits, FsrsConfig config, FsrsCards cards) {
        this.em = em;
        this.fits = fits;
        this.config = config;
        this.cards = cards;
    }

    @Scheduled(
            identity = "fsrs-fits",
            every = "${qbank.fsrs.fit.worker-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.fit().workerEnabled()) {
            runPending();
        }
    }

    /** Runs pending fits until none is left (or ten have run); returns how many ran. */
    public synchronized int runPending() {
        return JobQueue.drain(10, this::claim, this::run);
    }

    private Job claim() {
        List<?> rows = em.createNativeQuery(CLAIM_SQL, Object[].class).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        return new Job((UUID) r[0], (UUID) r[1]);
    }

    private void run(Job job) {
        try {
            List<ReviewLog> answers = QuarkusTransaction.requiringNew().call(() -> answers(job.userId()));
            Optimizer optimizer = Optimizer.of(answers);
            int needed = config.fit().minReviews();
            if (optimizer.predictions() < needed) {
                // Attempts were deleted since the job was accepted.
                fail(job, "you have " + optimizer.predictions() + " usable reviews; a fit needs " + needed);
                return;
            }
            long started = System.nanoTime();
            double before = optimizer.logLoss(Parameters.DEFAULT);
            Optimizer.Result fitted = optimizer.fit(config.fit().maxEvaluations());
            LOG.infof(
                    "Fitted FSRS-6 parameters of learner %s to %d reviews in %d ms (%d evaluations): log loss %.4f -> %.4f",
                    job.userId(),
                    optimizer.predictions(),
                    (System.nanoTime() - started) / 1_000_000,
                    fitted.evaluations(),
                    before,
                    fitted.logLoss());
            QuarkusTransaction.requiringNew().timeout(600).run(() -> {
                FsrsFitViews.ParametersView stored = fits.store(
                        job.userId(),
                        fitted.parameters(),
                        "fitted",
                        fitted.logLoss(),
                        optimizer.predictions(),
                        fitted.evaluations());
                em.createNativeQuery("""
                                UPDATE fsrs_fit_jobs SET status = 'succeeded', finished_at = :at, lease_until = NULL,
                                    result_version = :version, log_loss_before = :before, log_loss_after = :after,
                                    evaluations = :evaluations, reviews = :reviews
                                WHERE id = :id""")
                        .setParameter("id", job.id())
                        .setParameter("at", Instant.now())
                        .setParameter("version", stored.version())
                        .setParameter("before", before)
                        .setParameter("after", fitted.logLoss())
                        .setParameter("evaluations", fitted.evaluations())
                        .setParameter("reviews", optimizer.predictions())
                        .executeUpdate();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "FSRS fit job %s failed unexpectedly", job.id());
            fail(job, "the fit failed unexpectedly; your parameters did not change");
        }
    }

    private void fail(Job job, String reason) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        UPDATE fsrs_fit_jobs SET status = 'failed', finished_at = :at, lease_until = NULL, error = :error
                        WHERE id = :id""")
                .setParameter("id", job.id())
                .setParameter("at", Instant.now())
                .setParameter("error", reason)
                .executeUpdate());
    }

    /** The learner's answers as FSRS review logs (card = question number), read in keyset batches. */
    private List<ReviewLog> answers(UUID userId) {
        List<ReviewLog> answers = new ArrayList<>();
        cards.forEachAnswer(
                userId,
                answer -> answers.add(new ReviewLog(
                        answer.question(), answer.at(), answer.rating().grade())));
        return answers;
    }
}
