package dev.qbank.ratelimit;

import dev.qbank.api.input.BodyLimits;
import dev.qbank.api.input.CanonicalPaths;
import dev.qbank.security.Caller;
import dev.qbank.security.Identity;
import dev.qbank.security.RequestAuthentication;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Where every request on the API port meets the limiter, before any route runs: REST resources, /graphql, the
 * contract and Swagger UI, and the catch-all 404 of api.problem.UnmatchedRoutes alike. Health and metrics, which an
 * orchestrator's probes must always reach, are on the management interface, a port of its own that this never sees.
 * <p>
 * One Vert.x filter decides every request, right after security.RequestAuthentication has resolved its identity
 * (priority {@link RequestAuthentication#RATE_LIMIT}): a learner by user, the admin by the admin policy, anyone else
 * (no key, or a key that was refused, whose 401 goes out after this) as anonymous by client address. A refused request
 * therefore never reaches a resource, the database, or the 404 handler. The headers are written by the exchange when
 * the response headers go out, on every response; a 304 gives its token back in {@link RateLimitFilters}.
 */
@ApplicationScoped
public class RateLimitRoute {

    private static final Logger LOG = Logger.getLogger(RateLimitRoute.class);

    private final RateLimiter limiter;
    private final Rejections rejections;
    private final BodyLimits bodyLimits;

    public RateLimitRoute(RateLimiter limiter, Rejections rejections, BodyLimits bodyLimits) {
        this.limiter = limiter;
        this.rejections = rejections;
        this.bodyLimits = bodyLimits;
    }

    void register(@Observes Filters filters) {
        if (limiter.enabled()) {
            filters.register(this::decide, RequestAuthentication.RATE_LIMIT);
            filters.register(this::refusedBeforeRouting, 960);
        }
    }

    /**
     * A request that is refused before any route runs, by api.input.CanonicalPaths (filter 950: a path spelled otherwise than
     * plainly, 400) or api.input.BodyLimits (filter 945: a body over its family's limit, 413, or without a length, 411), is
     * charged first, as anonymous by client address whatever key it carries (the key is never looked at), so that no
     * spelling of a path and no oversized body buys free requests. Its sign-up policy is judged on the normalized path.
     */
    private void refusedBeforeRouting(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw == null
                || RateLimitExchange.of(ctx) != null
                || (CanonicalPaths.flaw(raw) == null && bodyLimits.refusal(ctx) == null)) {
            ctx.next();
            return;
        }
        RateLimitExchange exchange = start(ctx);
        decideThenContinue(
                ctx,
                exchange,
                limiter.anonymous(exchange.clientAddress, ctx.request().method().name(), ctx.normalizedPath()));
    }

    private void decide(RoutingContext ctx) {
        if (RateLimitExchange.of(ctx) != null) {
            ctx.next(); // charged already, before a refusal
            return;
        }
        RateLimitExchange exchange = start(ctx);
        Identity identity = ctx.get(Identity.CONTEXT_KEY);
        // No key, or a key that was refused (its 401 comes after this): anonymous.
        Caller.Role role = identity == null || ctx.get(Identity.REFUSAL_CONTEXT_KEY) != null
                ? Caller.Role.ANONYMOUS
                : identity.role();
        String userId = role == Caller.Role.USER ? identity.userId().toString() : null;
        decideThenContinue(
                ctx,
                exchange,
                limiter.forCaller(
                        role,
                        userId,
                        exchange.clientAddress,
                        ctx.request().method().name(),
                        ctx.normalizedPath()));
    }

    private RateLimitExchange start(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // The TCP peer itself (not Quarkus's forwarded view of it): which forwarding headers to believe is ours to say.
        SocketAddress peer =
                request.connection() == null ? null : request.connection().remoteAddress();
        String address =
                limiter.addresses().resolve(peer == null ? null : peer.hostAddress(), request.headers()::getAll);
        return RateLimitExchange.start(ctx, address, limiter.legacyHeaders());
    }

    private void decideThenContinue(RoutingContext ctx, RateLimitExchange exchange, List<Charge> charges) {
        CompletionStage<Decision> decision = limiter.decide(charges);
        if (decision.toCompletableFuture().isDone()) {
            proceed(ctx, exchange, decision.toCompletableFuture().join());
            return;
        }
        // Redis: wait without blocking the event loop, holding back the request body meanwhile.
        Context context = Vertx.currentContext();
        if (!ctx.request().isEnded()) {
            ctx.request().pause();
        }
        decision.whenComplete((decided, error) -> context.runOnContext(v -> {
            if (!ctx.request().isEnded()) {
                ctx.request().resume();
            }
            if (error != null) {
                // Not expected: the stores fail open. Serve rather than fail the request over the limiter.
                LOG.warnf(error, "Rate-limit decision failed; request served without a limit");
                ctx.next();
            } else {
                proceed(ctx, exchange, decided);
            }
        }));
    }

    private void proceed(RoutingContext ctx, RateLimitExchange exchange, Decision decision) {
        exchange.decided(decision);
        if (decision.allowed()) {
            ctx.next();
        } else {
            rejections.send(ctx, decision);
        }
    }
}
