package dev.qbank.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/** What the database holds, read directly (in a transaction of its own) to check what a request did or did not write. */
@ApplicationScoped
public class Rows {

    private final EntityManager em;

    public Rows(EntityManager em) {
        this.em = em;
    }

    public long attemptsOf(UUID userId) {
        return count("SELECT count(*) FROM attempts WHERE user_id = ?1", userId);
    }

    public long attempts() {
        return count("SELECT count(*) FROM attempts");
    }

    public long users() {
        return count("SELECT count(*) FROM users");
    }

    public long keysOf(UUID userId) {
        return count("SELECT count(*) FROM api_keys WHERE user_id = ?1", userId);
    }

    public long idempotencyKeysOf(UUID userId) {
        return count("SELECT count(*) FROM idempotency_keys WHERE scope = ?1", "user:" + userId);
    }

    public long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> list(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return (List<T>) query.getResultList();
        });
    }

    /** Every row of every table in the schema, as text (bytea as hex), to search for what must not be stored. */
    public String everything() {
        List<String> tables = list("SELECT table_name::text FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        StringBuilder all = new StringBuilder();
        for (String table : tables) {
            List<String> rows = list("SELECT row_to_json(t)::text FROM \"" + table.replace("\"", "\"\"") + "\" t");
            rows.forEach(row -> all.append(table).append(": ").append(row).append('\n'));
        }
        return all.toString();
    }
}
