package dev.qbank.imports;

import static dev.qbank.db.Columns.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Link;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.tracing.TraceContext;
import dev.qbank.db.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Import jobs: submitted by POST /v1/imports, run by {@link ImportWorker}, read by GET /v1/imports/{id}. */
@ApplicationScoped
@Transactional
public class ImportService {

    private final EntityManager em;
    private final ObjectMapper mapper;

    public ImportService(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    public ImportViews.ImportJobView submit(String format, String payload) {
        UUID id = Ids.newId();
        em.createNativeQuery("""
                        INSERT INTO import_jobs (id, format, payload, traceparent, created_at)
                        VALUES (:id, :format, :payload, :traceparent, :at)""")
                .setParameter("id", id)
                .setParameter("format", format)
                .setParameter("payload", payload)
                .setParameter("traceparent", TraceContext.current())
                .setParameter("at", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
        return get(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ImportViews.ImportJobView get(UUID id) {
        List<?> rows =
                em.createNativeQuery("""
                        SELECT id, status, format, total_rows, imported_rows, errors::text, question_numbers,
                               created_at, started_at, finished_at
                        FROM import_jobs WHERE id = :id""", Object[].class).setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("No import job " + id + ".");
        }
        Object[] r = (Object[]) rows.get(0);
        List<ImportViews.RowError> errors = errors((String) r[5]);
        long failedRows = errors.stream()
                .map(ImportViews.RowError::row)
                .filter(row -> row != null && row > 0)
                .distinct()
                .count();
        return new ImportViews.ImportJobView(
                (UUID) r[0],
                (String) r[1],
                (String) r[2],
                r[3] == null ? null : ((Number) r[3]).intValue(),
                ((Number) r[4]).intValue(),
                (int) failedRows,
                capped(errors),
                numbers(r[6]),
                instant(r[7]),
                instant(r[8]),
                instant(r[9]),
                Map.of("self", Link.to(ImportViews.ImportJobView.path((UUID) r[0]))));
    }

    /** A job shows at most MAX_ERRORS problems (the contract's maxItems); the last entry then says how many more. */
    static List<ImportViews.RowError> capped(List<ImportViews.RowError> errors) {
        if (errors.size() <= ImportViews.MAX_ERRORS) {
            return errors;
        }
        List<ImportViews.RowError> kept = new java.util.ArrayList<>(errors.subList(0, ImportViews.MAX_ERRORS - 1));
        kept.add(new ImportViews.RowError(null, null, "and " + (errors.size() - kept.size()) + " more problems"));
        return kept;
    }

    private List<ImportViews.RowError> errors(String json) {
        try {
            return mapper.readValue(json, new TypeReference<List<ImportViews.RowError>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable import errors", e);
        }
    }

    private static List<Integer> numbers(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Integer[] boxed) {
            return Arrays.asList(boxed);
        }
        if (value instanceof int[] ints) {
            return Arrays.stream(ints).boxed().toList();
        }
        if (value instanceof java.sql.Array array) {
            try {
                return Arrays.asList((Integer[]) array.getArray());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (value instanceof Object[] objects) {
            List<Integer> numbers = new ArrayList<>();
            for (Object o : objects) {
                numbers.add(((Number) o).intValue());
            }
            return numbers;
        }
        throw new IllegalStateException("Not an integer array: " + value.getClass());
    }
}
