package dev.qbank.api.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qbank.api.ApiConfig;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident page cursors. A cursor is base64url(mac || json), where json holds the direction, the
 * sort key of the boundary row and a fingerprint of the query it belongs to, and mac is the first 16 bytes of
 * HMAC-SHA256 over json. A cursor whose mac does not verify was altered (or signed by another deployment); one
 * whose fingerprint differs was issued for another query. Both are refused with a 400 invalid-cursor problem.
 */
@ApplicationScoped
class CursorCodec {

    private static final int MAC_BYTES = 16;
    private static final int MAX_CURSOR_CHARS = 1024;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final ObjectMapper mapper;
    private final ApiConfig config;
    private final EntityManager entityManager;
    private volatile byte[] key;

    public CursorCodec(ObjectMapper mapper, ApiConfig config, EntityManager entityManager) {
        this.mapper = mapper;
        this.config = config;
        this.entityManager = entityManager;
    }

    void loadKey(@Observes StartupEvent event) {
        key();
    }

    public String encode(String scope, Cursor cursor) {
        ObjectNode json = mapper.createObjectNode();
        json.put("q", fingerprint(scope));
        json.put("d", cursor.backwards() ? "p" : "n");
        ArrayNode values = json.putArray("k");
        for (Object value : cursor.key()) {
            values.addPOJO(value);
        }
        byte[] payload = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] token = new byte[MAC_BYTES + payload.length];
        System.arraycopy(mac(payload), 0, token, 0, MAC_BYTES);
        System.arraycopy(payload, 0, token, MAC_BYTES, payload.length);
        return ENCODER.encodeToString(token);
    }

    /** Decodes a cursor that a client sent back for the query named by {@code scope}. */
    public Cursor decode(String scope, String token) {
        if (token.length() > MAX_CURSOR_CHARS) {
            throw invalid("is too long to be a cursor this API issued");
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid("is not base64url; pass the next_cursor or prev_cursor of a page unchanged");
        }
        if (raw.length <= MAC_BYTES) {
            throw invalid("is too short to be a cursor this API issued");
        }
        byte[] payload = Arrays.copyOfRange(raw, MAC_BYTES, raw.length);
        byte[] expected = Arrays.copyOf(mac(payload), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOf(raw, MAC_BYTES))) {
            throw invalid("was altered or was not issued by this API (signature mismatch)");
        }
        JsonNode json;
        try {
            json = mapper.readTree(payload);
        } catch (java.io.IOException e) {
            throw invalid("is malformed");
        }
        if (!fingerprint(scope).equals(json.path("q").asText())) {
            throw invalid("belongs to a different collection or different filters; restart from the first page");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode value : json.path("k")) {
            values.add(value.isNumber() ? (Object) value.numberValue() : value.asText());
        }
        return new Cursor("p".equals(json.path("d").asText()) ? Cursor.Direction.PREV : Cursor.Direction.NEXT, values);
    }

    private static ProblemException invalid(String reason) {
        return new ProblemException(Problem.of(ProblemType.INVALID_CURSOR, "The cursor " + reason + ".")
                .withInvalidParams(List.of(new Problem.InvalidParam("cursor", reason))));
    }

    private static String fingerprint(String scope) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = config.pagination()
                            .cursorSecret()
                            .filter(s -> !s.isBlank())
                            .map(s -> s.getBytes(StandardCharsets.UTF_8))
                            .orElseGet(this::storedKey);
                }
                current = key;
            }
        }
        return current;
    }

    /** The generated key, created by the first instance to start and read by all the others. */
    private byte[] storedKey() {
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager
                    .createNativeQuery(
                            "INSERT INTO server_secrets (name, value) VALUES ('cursor-hmac', ?1) ON CONFLICT (name) DO NOTHING")
                    .setParameter(1, candidate)
                    .executeUpdate();
            return (byte[]) entityManager
                    .createNativeQuery("SELECT value FROM server_secrets WHERE name = 'cursor-hmac'")
                    .getSingleResult();
        });
    }
}
