package dev.qbank.api.problem;

/**
 * Every kind of problem the API answers with. Each has a stable type URI (RFC 9457 section 3.1.1) that clients can
 * switch on; docs/api.md, "Errors", lists them all.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", "Bad request", 400),
    INVALID_PARAMETERS("invalid-parameters", "Invalid parameters", 400),
    MALFORMED_JSON("malformed-json", "Malformed JSON body", 400),
    INVALID_CURSOR("invalid-cursor", "Invalid pagination cursor", 400),
    NON_CANONICAL_PATH("non-canonical-path", "Non-canonical request path", 400),
    QUERY_TOO_COSTLY("query-too-costly", "GraphQL query too costly", 400),
    TOO_MANY_MUTATIONS("too-many-mutations", "Too many GraphQL mutations in one request", 400),
    UNAUTHORIZED("unauthorized", "Unauthorized", 401),
    INVALID_API_KEY("invalid-api-key", "Invalid API key", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", "Idempotency key in use", 409),
    QUIZ_POOL_EXHAUSTED("quiz-pool-exhausted", "Quiz pool exhausted", 409),
    WEBHOOK_LIMIT_REACHED("webhook-limit-reached", "Webhook limit reached", 409),
    NOT_ENOUGH_REVIEWS("not-enough-reviews", "Not enough reviews", 409),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused with a different request", 422),
    SYNC_TOKEN_EXPIRED("sync-token-expired", "Sync token expired", 410),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    CONTENT_TOO_LARGE("content-too-large", "Content too large", 413),
    LENGTH_REQUIRED("length-required", "Length required", 411),
    UNPROCESSABLE("unprocessable-content", "Unprocessable content", 422),
    PRECONDITION_REQUIRED("precondition-required", "Precondition required", 428),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", 503),
    INTERNAL("internal-error", "Internal server error", 500);

    /** Problem type URIs are absolute and stable; they name the kind, they are not fetched. */
    public static final String BASE_URI = "https://qbank.dev/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
