package dev.qbank.security;

import dev.qbank.api.problem.DatabaseUnavailable;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemResponses;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Where every request's credentials are decided, once, for every route on the API port (Quarkus REST, /graphql, the
 * contract, the 404 of an unknown path): a Vert.x filter right after Quarkus Security's own (which only prepares the
 * deferred identity, {@link SecurityHandlerPriorities#AUTHENTICATION}), so before the rate limiter
 * (ratelimit.RateLimitRoute, {@value #RATE_LIMIT}) and before any route. {@link BearerKeyMechanism} and
 * {@link ApiKeyIdentityProvider} resolve the header; the SecurityIdentity they make is the one Quarkus REST's
 * {@code @RolesAllowed} checks and that {@link Caller} reads.
 *
 * <p>No Authorization header: anonymous, nothing to look up. A key that is refused (unknown, revoked, malformed) is
 * left on the context and answered after the limiter has charged the request as anonymous, with the same 401
 * problem on every route, public ones included (as GitHub does), so a client learns at once that its key is wrong and
 * guessing keys is limited like any anonymous traffic.
 */
@ApplicationScoped
public class RequestAuthentication {

    /** The rate limiter's filter runs between the two of ours. */
    public static final int RATE_LIMIT = SecurityHandlerPriorities.AUTHENTICATION - 20;

    private static final int AUTHENTICATE = SecurityHandlerPriorities.AUTHENTICATION - 10;
    private static final int REFUSE = SecurityHandlerPriorities.AUTHENTICATION - 30;

    private static final java.util.function.BiConsumer<RoutingContext, Throwable> IGNORE_FAILURE = (ctx, failure) -> {};

    private final ProblemResponses problems;

    public RequestAuthentication(ProblemResponses problems) {
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::authenticate, AUTHENTICATE);
        filters.register(this::sendRefusal, REFUSE);
    }

    void authenticate(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            ctx.put(Identity.CONTEXT_KEY, Identity.ANONYMOUS);
            ctx.next();
            return;
        }
        Uni<SecurityIdentity> deferred = QuarkusHttpUser.getSecurityIdentity(ctx, null);
        if (deferred == null) {
            ctx.put(Identity.REFUSAL_CONTEXT_KEY, new IllegalStateException("Quarkus Security prepared no identity"));
            ctx.next();
            return;
        }
        // A refusal is ours to answer (after the limiter has charged it), not Quarkus's bare challenge: its failure
        // handler, which the deferred identity calls when authentication fails, does nothing here.
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, IGNORE_FAILURE);
        // The key lookup reads the database on a worker (ApiKeyIdentityProvider); the body waits for it, and the
        // request goes on on its own event loop.
        Context context = Vertx.currentContext();
        if (!ctx.request().isEnded()) {
            ctx.request().pause();
        }
        deferred.subscribe()
                .with(
                        identity ->
                                context.runOnContext(v -> proceed(ctx, Identity.CONTEXT_KEY, Identity.of(identity))),
                        failure -> context.runOnContext(v -> proceed(ctx, Identity.REFUSAL_CONTEXT_KEY, failure)));
    }

    private static void proceed(RoutingContext ctx, String key, Object value) {
        if (!ctx.request().isEnded()) {
            ctx.request().resume();
        }
        ctx.put(key, value);
        ctx.next();
    }

    private void sendRefusal(RoutingContext ctx) {
        Throwable refusal = ctx.get(Identity.REFUSAL_CONTEXT_KEY);
        if (refusal == null) {
            ctx.next();
        } else {
            refuse(ctx, refusal);
        }
    }

    private void refuse(RoutingContext ctx, Throwable failure) {
        Problem problem = null;
        for (Throwable t = failure; t != null && problem == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException e) {
                problem = e.problem();
            }
        }
        String retryAfter = null;
        if (problem == null && DatabaseUnavailable.causedBy(failure)) {
            problem = DatabaseUnavailable.problem();
            retryAfter = DatabaseUnavailable.RETRY_AFTER_SECONDS;
        } else if (problem == null) {
            problem = ProblemResponses.unexpected(failure, "authenticating " + ctx.normalizedPath());
        }
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", retryAfter);
        }
        problems.send(ctx, problem);
    }
}
