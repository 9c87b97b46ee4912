package dev.qbank.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Idempotent POSTs per draft-ietf-httpapi-idempotency-key-header. A request with a key runs in one transaction that
 * first claims the key (a transaction-scoped PostgreSQL advisory lock on its hash, so the claim holds across any number
 * of instances), then performs its effect and stores its response: the stored response always matches a committed
 * effect, and a request that fails, or whose instance dies, leaves its key free. A retry with the same key and the
 * same request replays that response with {@code Idempotent-Replayed: true}; the same key with a different request
 * is a 422; a retry while the first is still running is a 409. Keys are scoped to the caller and kept 24 hours.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;
    private static final List<String> STORED_HEADERS = List.of(
            HttpHeaders.LOCATION,
            HttpHeaders.ETAG,
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CACHE_CONTROL,
            HttpHeaders.VARY,
            HttpHeaders.RETRY_AFTER);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final IdempotencyScope caller;
    private final Counter replays;

    public Idempotency(EntityManager em, ObjectMapper mapper, IdempotencyScope caller, MeterRegistry registry) {
        this.em = em;
        this.mapper = mapper;
        this.caller = caller;
        this.replays = Counter.builder("qbank.idempotency.replays")
                .description("Responses replayed for a repeated Idempotency-Key")
                .register(registry);
    }

    /**
     * For a resource method whose fingerprint is more than its body (the import's format, say), called from the
     * method itself: the route is the one {@link Idempotent} would derive (the method may have no path parameters).
     */
    public Response execute(Method resourceMethod, String rawKey, Object fingerprint, Supplier<Response> operation) {
        return execute(
                caller.scope(),
                rawKey,
                IdempotentInterceptor.route(resourceMethod).request(new Object[0]),
                fingerprint,
                operation);
    }

    /**
     * Runs {@code operation} at most once per caller and key.
     *
     * @param scope     the caller (see Caller.scope)
     * @param rawKey    the Idempotency-Key header, or null to run without idempotency
     * @param request   the method and path, e.g. "POST /v1/attempts" (as {@link Idempotent} derives it)
     * @param body      the parsed request body; its canonical JSON is part of the fingerprint
     * @param operation performs the request in the caller's transaction and builds its response (with a byte[] body)
     */
    public Response execute(String scope, String rawKey, String request, Object body, Supplier<Response> operation) {
        if (rawKey == null) {
            return operation.get();
        }
        String rawKeyValue = parseKey(rawKey);
        // Stored responses can hold secrets (a new API key is shown once, in the 201 of sign-up). So the table keeps
        // only a hash of the Idempotency-Key, and the body encrypted under a key derived from the Idempotency-Key
        // itself: only a client that presents the key again can have the response back.
        String key = sha256Hex(rawKeyValue);
        SecretKeySpec sealing = sealingKey(rawKeyValue);
        byte[] fingerprint = fingerprint(request, body);
        // One transaction: the claim, the effect and the stored response commit together or not at all, so a request
        // that fails (or an instance that dies) leaves nothing behind and its key free.
        return QuarkusTransaction.requiringNew().call(() -> {
            Response replay = claim(scope, key, fingerprint, sealing);
            if (replay != null) {
                return replay;
            }
            Response response = operation.get();
            store(scope, key, fingerprint, response, sealing);
            return response;
        });
    }

    /** The header is a Structured Field String ("..."); a bare token is accepted too, as most clients send one. */
    static String parseKey(String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (value.isEmpty() || value.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalidParam(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw ProblemException.invalidParam(HEADER, "must be printable ASCII");
            }
        }
        return value;
    }

    /**
     * Answers for the key, or claims it for this transaction: a replay of a stored response (any number of retries at
     * once), a 422 for a different request, a 409 while another request holds the key. The claim is a
     * transaction-scoped advisory lock on the key's hash, taken only when no response is stored, so it holds across
     * every instance that shares the database and ends with the transaction (at commit, when the stored response
     * becomes visible; at rollback or a lost connection, leaving the key free). One statement reads and claims;
     * should a request holding the key commit between the two, this request sees no row, and the stored response's
     * primary key refuses its own at {@link #store} (a 409, its effect rolled back with it).
     */
    private Response claim(String scope, String key, byte[] fingerprint, SecretKeySpec sealing) {
        // (No result class: Hibernate 7.2 caches a new plan for every run of a native query with a scalar result
        // class.)
        Object[] row =
                (Object[]) em.createNativeQuery("SELECT k.fingerprint, k.response_status, k.response_headers::text, "
                                + "k.response_body, k.expires_at < now(), CASE WHEN k.key IS NULL OR k.expires_at < now() "
                                + "THEN pg_try_advisory_xact_lock(hashtextextended(?1, 0)) END "
                                + "FROM (SELECT 1) one LEFT JOIN idempotency_keys k ON k.scope = ?2 AND k.key = ?3")
                        .setParameter(1, scope + " " + key)
                        .setParameter(2, scope)
                        .setParameter(3, key)
                        .getSingleResult();
        if (row[0] == null || Boolean.TRUE.equals(row[4])) { // nothing stored, or only an expired response
            if (!Boolean.TRUE.equals(row[5])) {
                throw inUse();
            }
            if (row[0] != null) {
                em.createNativeQuery("DELETE FROM idempotency_keys WHERE scope = ?1 AND key = ?2")
                        .setParameter(1, scope)
                        .setParameter(2, key)
                        .executeUpdate();
            }
            return null;
        }
        if (!MessageDigest.isEqual((byte[]) row[0], fingerprint)) {
            throw new ProblemException(Problem.of(
                            ProblemType.IDEMPOTENCY_KEY_REUSED,
                            "This Idempotency-Key was used for a different request; use a new key for a new request.")
                    .withInvalidParams(
                            List.of(new Problem.InvalidParam(HEADER, "was used with a different request body"))));
        }
        replays.increment();
        return replay(
                ((Number) row[1]).intValue(), (String) row[2], row[3] == null ? null : open(sealing, (byte[]) row[3]));
    }

    private static ProblemException inUse() {
        return new ProblemException(
                ProblemType.IDEMPOTENCY_KEY_IN_USE,
                "A request with this Idempotency-Key is still being processed; retry once it has finished.");
    }

    private void store(String scope, String key, byte[] fingerprint, Response response, SecretKeySpec sealing) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = response.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        byte[] body = response.getEntity() instanceof byte[] bytes ? seal(sealing, bytes) : null;
        String headersJson;
        try {
            headersJson = mapper.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // ON CONFLICT: a request with this key committed after claim() read (see there); this one must not commit.
        int stored = em.createNativeQuery(
                        "INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_headers, "
                                + "response_body, expires_at) VALUES (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6, now() + interval '24 hours') "
                                + "ON CONFLICT (scope, key) DO NOTHING")
                .setParameter(1, scope)
                .setParameter(2, key)
                .setParameter(3, fingerprint)
                .setParameter(4, response.getStatus())
                .setParameter(5, headersJson)
                .setParameter(6, body)
                .executeUpdate();
        if (stored == 0) {
            throw inUse(); // rolls back this request's effect with its transaction
        }
    }

    private Response replay(int status, String headersJson, byte[] body) {
        Response.ResponseBuilder response = Response.status(status);
        try {
            Map<String, String> headers = mapper.readValue(headersJson, new TypeReference<Map<String, String>>() {});
            headers.forEach(response::header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (body != null) {
            response.entity(body);
        }
        return response.header(REPLAYED, "true").build();
    }

    private static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256 key = HMAC-SHA256(idempotency key, label): derivable only from the key the client holds. */
    private static SecretKeySpec sealingKey(String rawKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rawKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new SecretKeySpec(
                    mac.doFinal("qbank idempotent response v1".getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-GCM: a random 12-byte nonce followed by the ciphertext and its tag. */
    private static byte[] seal(SecretKeySpec key, byte[] plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] open(SecretKeySpec key, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored idempotent response could not be opened", e);
        }
    }

    private byte[] fingerprint(String request, Object body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(mapper.writeValueAsBytes(body));
            return digest.digest();
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys are kept 24 hours; expired ones are deleted hourly (and on reuse, by claim). */
    @Scheduled(every = "1h", delayed = "1m")
    void purgeExpired() {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("DELETE FROM idempotency_keys WHERE expires_at < now()")
                        .executeUpdate());
    }
}
