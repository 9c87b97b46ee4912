package dev.qbank.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.csv.Csv;
import dev.qbank.db.JobQueue;
import dev.qbank.question.QuestionWrite;
import dev.qbank.question.QuestionWriteService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs import jobs. Any instance may: a job is claimed with {@code FOR UPDATE SKIP LOCKED} and leased; a job whose
 * worker died is taken over when its lease expires. A job is all or nothing: every row is read and checked, and only
 * if none has a problem are the questions written, in one transaction with their question.created events (and with
 * the job's success, so a job never succeeds twice).
 */
@ApplicationScoped
public class ImportWorker {

    private static final Logger LOG = Logger.getLogger(ImportWorker.class);
    /** The CSV columns an import understands; number (as exports write it) is read and ignored. */
    static final Set<String> CSV_COLUMNS = Set.of("category", "text", "tags", "difficulty", "notes", "number");

    /**
     * Claims the oldest pending job, or one whose worker's lease ran out (5 minutes: that worker is presumed dead), for
     * this worker; SKIP LOCKED lets workers on other instances claim other jobs meanwhile.
     */
    private static final String CLAIM_SQL = """
            UPDATE import_jobs SET status = 'running', started_at = coalesce(started_at, now()),
                lease_until = now() + interval '5 minutes'
            WHERE id = (
                SELECT id FROM import_jobs
                WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, format, payload, traceparent""";

    private record Job(UUID id, String format, String payload, String traceparent) {}

    private record Rows(List<QuestionWrite> rows, List<ImportViews.RowError> errors) {}

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final QuestionWriteService questions;
    private final ImportConfig config;

    public ImportWorker(EntityManager em, ObjectMapper mapper, QuestionWriteService questions, ImportConfig config) {
        this.em = em;
        this.mapper = mapper;
        this.questions = questions;
        this.config = config;
    }

    @Scheduled(
            identity = "imports",
            every = "${qbank.imports.worker-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.workerEnabled()) {
            runPending();
        }
    }

    /** Runs pending jobs until none is left (or ten have run); returns how many ran. */
    public int runPending() {
        return JobQueue.drain(10, this::claim, this::run);
    }

    private Job claim() {
        List<?> rows = em.createNativeQuery(CLAIM_SQL, Object[].class).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        return new Job((UUID) r[0], (String) r[1], (String) r[2], (String) r[3]);
    }

    private void run(Job job) {
        Rows parsed = "csv".equals(job.format()) ? csv(job.payload()) : json(job.payload());
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                List<ImportViews.RowError> errors = new ArrayList<>(parsed.errors());
                if (errors.stream().allMatch(e -> e.row() != null && e.row() > 0)) {
                    errors.addAll(check(parsed.rows()));
                    errors.sort(java.util.Comparator.comparing(ImportViews.RowError::row));
                }
                if (!errors.isEmpty()) {
                    finish(job, "failed", parsed.rows().size(), errors, List.of());
                    return;
                }
                List<Integer> numbers = questions.createAll(parsed.rows(), job.traceparent());
                finish(job, "succeeded", parsed.rows().size(), List.of(), numbers);
            });
        } catch (ProblemException conflict) {
            // A question with the same text was added while this job ran: the transaction rolled back, nothing written.
            QuarkusTransaction.requiringNew()
                    .run(() -> finish(
                            job,
                            "failed",
                            parsed.rows().size(),
                            List.of(new ImportViews.RowError(
                                    null, "text", conflict.problem().getDetail())),
                            List.of()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import job %s failed unexpectedly", job.id());
            QuarkusTransaction.requiringNew()
                    .run(() -> finish(
                            job,
                            "failed",
                            parsed.rows().size(),
                            List.of(new ImportViews.RowError(
                                    null, null, "the import failed unexpectedly; nothing was written")),
                            List.of()));
        }
    }

    /** Per-row checks that need the database (category exists, text not taken), and repeats within the file. */
    private List<ImportViews.RowError> check(List<QuestionWrite> rows) {
        List<ImportViews.RowError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            int row = i + 1;
            QuestionWrite write = rows.get(i);
            if (write == null) {
                continue; // unreadable; already reported
            }
            for (Problem.InvalidParam problem : questions.problems(write)) {
                errors.add(new ImportViews.RowError(row, problem.name(), problem.reason()));
            }
            if (write.text() != null && !write.text().isBlank()) {
                Integer first = seen.putIfAbsent(normalized(write.text()), row);
                if (first != null) {
                    errors.add(new ImportViews.RowError(row, "text", "repeats the text of row " + first));
                }
            }
        }
        return errors;
    }

    private void finish(Job job, String status, int total, List<ImportViews.RowError> errors, List<Integer> numbers) {
        try {
            em.createNativeQuery("""
                            UPDATE import_jobs SET status = :status, total_rows = :total, imported_rows = :imported,
                                errors = cast(:errors as jsonb), question_numbers = cast(:numbers as integer[]),
                                finished_at = :at, lease_until = NULL
                            WHERE id = :id""")
                    .setParameter("id", job.id())
                    .setParameter("status", status)
                    .setParameter("total", total)
                    .setParameter("imported", numbers.size())
                    .setParameter("errors", mapper.writeValueAsString(errors))
                    .setParameter(
                            "numbers",
                            "{" + numbers.stream().map(String::valueOf).collect(Collectors.joining(",")) + "}")
                    .setParameter("at", Instant.now())
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Rows json(String payload) {
        List<QuestionWrite> rows = new ArrayList<>();
        List<ImportViews.RowError> errors = new ArrayList<>();
        JsonNode array;
        try {
            array = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            return new Rows(rows, List.of(new ImportViews.RowError(0, null, "the body is not valid JSON")));
        }
        if (array == null || !array.isArray()) {
            return new Rows(
                    rows, List.of(new ImportViews.RowError(0, null, "the body must be a JSON array of questions")));
        }
        if (array.size() > config.maxRows()) {
            return new Rows(rows, List.of(tooMany(array.size())));
        }
        for (int i = 0; i < array.size(); i++) {
            try {
                rows.add(mapper.treeToValue(array.get(i), QuestionWrite.class));
            } catch (JsonProcessingException e) {
                String field = e instanceof JsonMappingException mapping
                                && !mapping.getPath().isEmpty()
                        ? mapping.getPath().get(0).getFieldName()
                        : null;
                String reason = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                        ? "is not a known field"
                        : "has the wrong type";
                errors.add(new ImportViews.RowError(i + 1, field, field == null ? "is not a question object" : reason));
                rows.add(null);
            }
        }
        return new Rows(rows, errors);
    }

    private Rows csv(String payload) {
        List<QuestionWrite> rows = new ArrayList<>();
        List<ImportViews.RowError> errors = new ArrayList<>();
        List<List<String>> records;
        try {
            records = Csv.parse(payload);
        } catch (Csv.Malformed e) {
            return new Rows(
                    rows, List.of(new ImportViews.RowError(e.record(), null, "malformed CSV: " + e.getMessage())));
        }
        if (records.isEmpty()) {
            return new Rows(
                    rows, List.of(new ImportViews.RowError(0, null, "the file is empty; it needs a header row")));
        }
        List<String> header = records.get(0).stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .toList();
        for (String column : header) {
            if (!CSV_COLUMNS.contains(column)) {
                errors.add(new ImportViews.RowError(
                        0, column, "is not a known column (category, text, tags, difficulty, notes)"));
            }
        }
        if (!header.contains("category") || !header.contains("text")) {
            errors.add(new ImportViews.RowError(
                    0, null, "the header row must name at least the columns category and text"));
        }
        if (!errors.isEmpty()) {
            return new Rows(rows, errors);
        }
        List<List<String>> data = records.subList(1, records.size()).stream()
                .filter(r -> !(r.size() == 1 && r.get(0).isEmpty()))
                .toList();
        if (data.size() > config.maxRows()) {
            return new Rows(rows, List.of(tooMany(data.size())));
        }
        for (int i = 0; i < data.size(); i++) {
            List<String> record = data.get(i);
            if (record.size() != header.size()) {
                errors.add(new ImportViews.RowError(
                        i + 1, null, "has " + record.size() + " fields; the header has " + header.size()));
                rows.add(null);
                continue;
            }
            Map<String, String> cells = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                cells.put(header.get(c), record.get(c).isEmpty() ? null : record.get(c));
            }
            String tags = cells.get("tags");
            rows.add(new QuestionWrite(
                    cells.get("text"),
                    cells.get("category"),
                    tags == null
                            ? null
                            : Arrays.stream(tags.strip().split("\\s+"))
                                    .filter(t -> !t.isEmpty())
                                    .toList(),
                    cells.get("difficulty"),
                    cells.get("notes")));
        }
        return new Rows(rows, errors);
    }

    private ImportViews.RowError tooMany(int count) {
        return new ImportViews.RowError(
                null, null, "the file holds " + count + " questions; one import may hold at most " + config.maxRows());
    }

    private static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
