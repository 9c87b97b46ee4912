package dev.qbank.api.input;

import dev.qbank.api.ApiConfig;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemResponses;
import dev.qbank.api.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A request body may be as large as its route family needs and no larger (qbank.body-limits.*): a sign-up carries
 * a name, a JSON write one question or attempt, GraphQL one query, an import up to 5,000 questions. The check is made
 * on Content-Length before a byte of the body is read, so a service with a 96 MB heap never buffers 10 MB to find
 * out: a larger body is a {@code 413 content-too-large} problem naming the limit, and a body sent without a length
 * (chunked) is a {@code 411 length-required} problem (RFC 9110 section 15.5.12) rather than read to find its size.
 * Quarkus's own cap (quarkus.http.limits.max-body-size) stays as a backstop at the largest family's limit.
 *
 * <p>A Vert.x filter after {@link CanonicalPaths}, so the path it judges is the plain one, and before every route.
 */
@ApplicationScoped
public class BodyLimits {

    private final ApiConfig.BodyLimitsConfig limits;
    private final ProblemResponses responses;

    public BodyLimits(ApiConfig config, ProblemResponses responses) {
        this.limits = config.bodyLimits();
        this.responses = responses;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 945);
    }

    void check(RoutingContext ctx) {
        Problem problem = refusal(ctx);
        if (problem == null) {
            ctx.next();
        } else {
            refuse(ctx, problem, ctx.normalizedPath());
        }
    }

    /**
     * The problem this request's body earns before it is read, or null if its size is acceptable (or it has none).
     * The rate limiter asks too, to charge a refused request before the refusal goes out.
     */
    public Problem refusal(RoutingContext ctx) {
        var request = ctx.request();
        HttpMethod method = request.method();
        String length = request.getHeader("Content-Length");
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (length == null && !chunked) {
            return null; // no body
        }
        String path = ctx.normalizedPath();
        long limit = limitFor(method, path);
        if (length == null) {
            return Problem.of(
                    ProblemType.LENGTH_REQUIRED,
                    "A request body must come with its Content-Length here " + "(at most " + limit + " bytes for "
                            + method.name() + " " + path + ").");
        }
        long size;
        try {
            size = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Problem.of(ProblemType.BAD_REQUEST, "Content-Length is not a number.");
        }
        if (size > limit) {
            return Problem.of(
                            ProblemType.CONTENT_TOO_LARGE,
                            "The request body has " + size + " bytes; " + method.name() + " " + path + " takes at most "
                                    + limit + ".")
                    .with("max_bytes", limit);
        }
        return null;
    }

    long limitFor(HttpMethod method, String path) {
        String plain = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (plain.equals("/v1/users") && method == HttpMethod.POST) {
            return limits.signUp().asLongValue();
        }
        if (plain.equals("/v1/imports")) {
            return limits.imports().asLongValue();
        }
        if (plain.equals("/graphql") || plain.startsWith("/graphql/")) {
            return limits.graphql().asLongValue();
        }
        return limits.json().asLongValue();
    }

    private void refuse(RoutingContext ctx, Problem problem, String path) {
        // The body is not read: the connection cannot be reused for another request.
        ctx.response().putHeader("Connection", "close");
        responses.send(ctx, problem.withInstance(path));
    }
}
