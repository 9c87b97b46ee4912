package dev.qbank.graphql;

import dev.qbank.api.DatabaseUnavailable;
import dev.qbank.api.Problem;
import dev.qbank.api.ProblemException;
import dev.qbank.api.ProblemResponses;
import dev.qbank.api.ProblemType;
import dev.qbank.api.RequestContext;
import dev.qbank.user.BearerKeys;
import dev.qbank.user.Caller;
import dev.qbank.user.Identity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Authentication for /graphql, which is a Vert.x route that Quarkus REST filters never see. The key lookup is the
 * same {@link BearerKeys#identify} the REST filter uses, and the policy too: no Authorization header is anonymous,
 * and a key that is not valid (or revoked) is refused with the same 401 problem before any GraphQL runs (as GitHub's
 * GraphQL API does), so a client learns at once that its key is wrong. Resolvers then take the identity onto the
 * request's {@link Caller} with {@link #caller()}.
 */
@ApplicationScoped
public class GraphQLAuthentication {

    private static final Logger LOG = Logger.getLogger(GraphQLAuthentication.class);
    private static final String IDENTITY = Identity.CONTEXT_KEY;

    private final BearerKeys keys;
    private final ProblemResponses problems;
    private final CurrentVertxRequest current;
    private final Caller caller;

    public GraphQLAuthentication(BearerKeys keys, ProblemResponses problems, CurrentVertxRequest current, Caller caller) {
        this.keys = keys;
        this.problems = problems;
        this.current = current;
        this.caller = caller;
    }

    void register(@Observes Filters filters) {
        // After ResponseHeaders (1000), so that a refusal carries the request id like every other response.
        filters.register(this::authenticate, 900);
        // A refused key is answered after ratelimit.RateLimitRoute (800) has charged the request as anonymous, as
        // in REST: guessing keys is limited like any anonymous traffic, and ends in 429.
        filters.register(this::sendRefusal, 700);
    }

    void authenticate(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null || !(path.equals("/graphql") || path.startsWith("/graphql/"))) {
            ctx.next();
            return;
        }
        // The lookup reads the database, so it runs on a worker; the body waits for it.
        ctx.request().pause();
        ctx.vertx().<Identity>executeBlocking(() -> QuarkusTransaction.requiringNew().call(() -> keys.identify(authorization)), false)
                .onComplete(result -> {
                    ctx.request().resume();
                    if (result.succeeded()) {
                        ctx.put(IDENTITY, result.result());
                    } else {
                        ctx.put(Identity.REFUSAL_CONTEXT_KEY, result.cause());
                    }
                    ctx.next();
                });
    }

    private void sendRefusal(RoutingContext ctx) {
        Throwable refusal = ctx.get(Identity.REFUSAL_CONTEXT_KEY);
        if (refusal == null) {
            ctx.next();
        } else {
            refuse(ctx, refusal);
        }
    }

    /** The request's caller, established from the identity the filter found (anonymous when there was no header). */
    Caller caller() {
        if (caller.anonymous()) {
            RoutingContext ctx = current.getCurrent();
            if (ctx != null) {
                Identity identity = ctx.get(IDENTITY);
                if (identity != null) {
                    caller.establish(identity);
                }
                caller.clientAddress(ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress());
            }
        }
        return caller;
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
            problem = Problem.of(ProblemType.SERVICE_UNAVAILABLE, "The database is not answering; retry in a few seconds.");
            retryAfter = DatabaseUnavailable.RETRY_AFTER_SECONDS;
        } else if (problem == null) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(failure, "Unhandled error %s authenticating %s", errorId, ctx.normalizedPath());
            problem = Problem.of(ProblemType.INTERNAL, "The server could not complete the request; quote error id " + errorId
                    + " when reporting it.").with("error_id", errorId);
        }
        problem.withInstance(ctx.normalizedPath());
        ProblemResponses.withIds(problem, ctx.get(RequestContext.REQUEST_ID), RequestContext.traceId());
        var response = ctx.response().setStatusCode(problem.getStatus())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store");
        if (problem.getStatus() == 401) {
            response.putHeader("WWW-Authenticate", ProblemResponses.challenge(problem));
        }
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        response.end(Buffer.buffer(problems.toJson(problem)));
    }
}
