package dev.qbank.user;

import dev.qbank.api.ProblemException;
import dev.qbank.api.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Establishes the {@link Caller} of every REST request from its {@code Authorization: Bearer <key>} header.
 * No header: anonymous. A header that is not a valid, unrevoked key: 401 on any route, public ones included (as
 * GitHub does), so a client learns at once that its key is wrong.
 */
public class Authentication {

    private final Caller caller;
    private final AdminKey adminKey;
    private final EntityManager em;

    public Authentication(Caller caller, AdminKey adminKey, EntityManager em) {
        this.caller = caller;
        this.adminKey = adminKey;
        this.em = em;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, HttpServerRequest http) {
        caller.clientAddress(http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalid("Authorization must use the Bearer scheme: Authorization: Bearer <key>.");
        }
        String secret = header.substring(7).trim();
        if (secret.isEmpty() || secret.length() > 200) {
            throw invalid("The API key is missing or malformed.");
        }
        byte[] hash = KeyMaterial.hash(secret);
        if (adminKey.matches(hash)) {
            caller.becomeAdmin();
            return;
        }
        List<ApiKey> keys = em.createQuery("from ApiKey where hash = :hash and revokedAt is null", ApiKey.class)
                .setParameter("hash", hash).getResultList();
        if (keys.isEmpty()) {
            throw invalid("The API key is not valid, or has been revoked.");
        }
        ApiKey key = keys.get(0);
        caller.becomeUser(key.userId, key.id);
        // last_used_at to the minute: one small write per key per minute, not per request.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE api_keys SET last_used_at = now() WHERE id = ?1 "
                        + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .setParameter(1, key.id).executeUpdate());
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_API_KEY, detail);
    }
}
