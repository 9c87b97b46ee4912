package dev.qbank.review;

import static dev.qbank.db.Columns.instant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qbank.api.Link;
import dev.qbank.api.conditional.Preconditions;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.db.Ids;
import dev.qbank.review.fsrs.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A learner's FSRS-6 parameters, versioned (fsrs_parameters), and the fit jobs that make them (fsrs_fit_jobs, run by
 * {@link FsrsFitWorker}). Whenever a version becomes current, every card of the learner is replayed with it in the same
 * transaction, so the queue is at once what the new weights say.
 */
@ApplicationScoped
@Transactional
public class FsrsFitService {

    private final EntityManager em;
    private final FsrsCards cards;
    private final FsrsConfig config;
    private final Representations representations;

    public FsrsFitService(EntityManager em, FsrsCards cards, FsrsConfig config, Representations representations) {
        this.em = em;
        this.cards = cards;
        this.config = config;
        this.representations = representations;
    }

    /**
     * Usable reviews: answers at least a whole day (86,400 s) after the previous answer to the same question, the ones
     * the optimizer's loss predicts ({@code Optimizer.predictions()}, counted here by the database).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int usableReviews(UUID userId) {
        Number count =
                (Number) em.createNativeQuery("""
                        SELECT count(*) FILTER (WHERE extract(epoch FROM created_at - previous) >= 86400)
                        FROM (SELECT created_at, lag(created_at) OVER (PARTITION BY question_number
                                                                      ORDER BY created_at, id) AS previous
                              FROM attempts WHERE user_id = :user) answers""").setParameter("user", userId).getSingleResult();
        return count.intValue();
    }

    /** A new fit job, if the learner has enough usable reviews and no fit pending or running. */
    public FsrsFitViews.FitJobView submit(UUID userId) {
        int reviews = usableReviews(userId);
        int needed = config.fit().minReviews();
        if (reviews < needed) {
            throw new ProblemException(Problem.of(
                            ProblemType.NOT_ENOUGH_REVIEWS,
                            "A fit needs at least " + needed + " usable reviews (answers at least a day after your "
                                    + "previous answer to the same question); you have " + reviews
                                    + ". Until then the default parameters schedule you.")
                    .with("reviews", reviews)
                    .with("min_reviews", needed));
        }
        UUID id = Ids.newId();
        int inserted = em.createNativeQuery("""
                        INSERT INTO fsrs_fit_jobs (id, user_id, reviews, created_at) VALUES (:id, :user, :reviews, :at)
                        ON CONFLICT (user_id) WHERE status IN ('pending', 'running') DO NOTHING""")
                .setParameter("id", id)
                .setParameter("user", userId)
                .setParameter("reviews", reviews)
                .setParameter("at", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
        if (inserted == 0) {
            @SuppressWarnings("unchecked")
            List<UUID> unfinished =
                    em.createNativeQuery("""
                            SELECT id FROM fsrs_fit_jobs WHERE user_id = :user AND status IN ('pending', 'running')""").setParameter("user", userId).getResultList();
            Problem problem = Problem.of(
                    ProblemType.CONFLICT, "A fit of your parameters is already pending or running; poll it instead.");
            if (!unfinished.isEmpty()) {
                problem = problem.with("job", FsrsFitViews.FitJobView.path(unfinished.get(0)));
            }
            throw new ProblemException(problem);
        }
        return job(userId, id);
    }

    /** One of the learner's fit jobs; another learner's is not found. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public FsrsFitViews.FitJobView job(UUID userId, UUID id) {
        List<?> rows = em.createNativeQuery("""
                        SELECT id, status, reviews, created_at, started_at, finished_at, error, result_version,
                               log_loss_before, log_loss_after, evaluations
                        FROM fsrs_fit_jobs WHERE id = :id AND user_id = :user""", Object[].class)
                .setParameter("id", id)
                .setParameter("user", userId)
                .getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("You have no fit job " + id + ".");
        }
        Object[] r = (Object[]) rows.get(0);
        String status = (String) r[1];
        FsrsFitViews.FitResult result = "succeeded".equals(status)
                ? new FsrsFitViews.FitResult(
                        ((Number) r[7]).intValue(),
                        ((Number) r[8]).doubleValue(),
                        ((Number) r[9]).doubleValue(),
                        ((Number) r[2]).intValue(),
                        ((Number) r[10]).intValue())
                : null;
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.to(FsrsFitViews.FitJobView.path(id)));
        links.put("parameters", Link.to(FsrsFitViews.PARAMETERS_PATH));
        return new FsrsFitViews.FitJobView(
                (UUID) r[0],
                status,
                ((Number) r[2]).intValue(),
                instant(r[3]),
                instant(r[4]),
                instant(r[5]),
                result,
                (String) r[6],
                links);
    }

    /** The learner's current parameters: their highest version, or the defaults as version 0. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public FsrsFitViews.ParametersView current(UUID userId) {
        List<?> rows = em.createNativeQuery("""
                        SELECT version, source, weights::text, created_at, log_loss, reviews FROM fsrs_parameters
                        WHERE user_id = :user ORDER BY version DESC LIMIT 1""", Object[].class)
                .setParameter("user", userId)
                .getResultList();
        if (rows.isEmpty()) {
            return FsrsFitViews.ParametersView.defaults();
        }
        Object[] r = (Object[]) rows.get(0);
        return FsrsFitViews.ParametersView.of(
                ((Number) r[0]).intValue(),
                (String) r[1],
                Parameters.of(FsrsCards.weights((String) r[2])),
                instant(r[3]),
                r[4] == null ? null : ((Number) r[4]).doubleValue(),
                r[5] == null ? null : ((Number) r[5]).intValue());
    }

    /**
     * PUT: the given weights as the learner's next version, if If-Match names their current parameters (checked under
     * the learner's row lock, so two PUTs cannot both pass it), and every card replayed with them.
     */
    public FsrsFitViews.ParametersView set(UUID userId, String ifMatch, JsonNode body) {
        lockLearner(userId);
        Preconditions.requireMatch(ifMatch, representations.of(current(userId)).etag(), "your FSRS parameters");
        Parameters parameters = parse(body);
        return store(userId, parameters, "set", null, null, null);
    }

    /**
     * Stores weights as the learner's next version and replays every card with them, in the caller's transaction.
     * Returns the new current version.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    FsrsFitViews.ParametersView store(
            UUID userId, Parameters parameters, String source, Double logLoss, Integer reviews, Integer evaluations) {
        lockLearner(userId);
        em.createNativeQuery("""
                        INSERT INTO fsrs_parameters (user_id, version, weights, source, created_at, log_loss, reviews,
                                                     evaluations)
                        SELECT :user, coalesce(max(version), 0) + 1, cast(:weights AS double precision[]), :source, :at,
                               :logLoss, :reviews, :evaluations
                        FROM fsrs_parameters WHERE user_id = :user""")
                .setParameter("user", userId)
                .setParameter(
                        "weights",
                        java.util.Arrays.stream(parameters.toArray())
                                .mapToObj(Double::toString)
                                .collect(Collectors.joining(",", "{", "}")))
                .setParameter("source", source)
                .setParameter("at", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setParameter("logLoss", logLoss)
                .setParameter("reviews", reviews)
                .setParameter("evaluations", evaluations)
                .executeUpdate();
        cards.replayAll(userId);
        return current(userId);
    }

    /** The learner's row, locked: PUTs and a fit's store of one learner happen one after the other. */
    private void lockLearner(UUID userId) {
        em.createNativeQuery("SELECT id FROM users WHERE id = :user FOR UPDATE")
                .setParameter("user", userId)
                .getResultList();
    }

    /** {@code {"weights": [21 numbers]}}, each checked against its bounds; every fault named by its index. */
    static Parameters parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalidParam("body", "must be a JSON object with weights, an array of 21 numbers");
        }
        List<Problem.InvalidParam> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("weights")) {
                problems.add(new Problem.InvalidParam(name, "is not a field of FSRS parameters (weights)"));
            }
        });
        JsonNode weights = body.get("weights");
        if (weights == null || !weights.isArray()) {
            problems.add(new Problem.InvalidParam("weights", "must be an array of 21 numbers (w0..w20)"));
            throw ProblemException.invalidParams(problems);
        }
        if (weights.size() != Parameters.COUNT) {
            problems.add(new Problem.InvalidParam("weights", "must hold 21 numbers (w0..w20), not " + weights.size()));
            throw ProblemException.invalidParams(problems);
        }
        double[] values = new double[Parameters.COUNT];
        for (int i = 0; i < Parameters.COUNT; i++) {
            JsonNode value = weights.get(i);
            String name = "weights[" + i + "]";
            if (!value.isNumber()) {
                problems.add(new Problem.InvalidParam(name, "must be a number"));
                continue;
            }
            values[i] = value.doubleValue();
            double lower = Parameters.lowerBound(i);
            double upper = Parameters.upperBound(i);
            if (!(values[i] >= lower && values[i] <= upper)) {
                problems.add(new Problem.InvalidParam(
                        name, "must be from " + lower + " to " + upper + " (FSRS-6's bounds for w" + i + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalidParams(problems);
        }
        return Parameters.of(values);
    }
}
