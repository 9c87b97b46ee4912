package dev.qbank.ratelimit;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The limiter's state for one request, carried in its Vert.x RoutingContext from the first handler (which may decide
 * at once) to the REST filters (which decide once the caller is known, and refund a 304) and to the moment the
 * response headers are written, whoever writes them.
 */
final class RateLimitExchange {

    private static final String KEY = RateLimitExchange.class.getName();
    // Header names encoded once (Vert.x writes such names without re-encoding them).
    private static final CharSequence RATE_LIMIT_POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
    private static final CharSequence RATE_LIMIT = HttpHeaders.createOptimized("RateLimit");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    final String clientAddress;
    private volatile Decision decision;

    private RateLimitExchange(String clientAddress) {
        this.clientAddress = clientAddress;
    }

    static RateLimitExchange start(RoutingContext ctx, String clientAddress, boolean legacyHeaders) {
        RateLimitExchange exchange = new RateLimitExchange(clientAddress);
        ctx.put(KEY, exchange);
        ctx.addHeadersEndHandler(v -> exchange.writeHeaders(ctx.response(), legacyHeaders));
        return exchange;
    }

    /** The request's exchange; null where the limiter does not apply (it is off, or the route is exempt). */
    static RateLimitExchange of(RoutingContext ctx) {
        return ctx == null ? null : ctx.get(KEY);
    }

    Decision decision() {
        return decision;
    }

    void decided(Decision decision) {
        this.decision = decision;
    }

    private void writeHeaders(HttpServerResponse response, boolean legacyHeaders) {
        Decision current = decision;
        if (current == null) {
            return;
        }
        // add, not put: nothing else writes these headers, so there is nothing to replace (and put looks for it).
        MultiMap headers = response.headers();
        headers.add(RATE_LIMIT_POLICY, current.policyHeader());
        headers.add(RATE_LIMIT, current.rateLimitHeader());
        if (!current.allowed()) {
            headers.add(RETRY_AFTER, Long.toString(current.retryAfterSeconds()));
        }
        if (legacyHeaders) {
            Decision.Outcome tightest = current.tightest();
            headers.add("X-RateLimit-Limit", Integer.toString(tightest.policy().limit()));
            headers.add("X-RateLimit-Remaining", Long.toString(tightest.remaining()));
            headers.add("X-RateLimit-Reset", Long.toString(current.resetEpochSeconds()));
        }
    }
}
