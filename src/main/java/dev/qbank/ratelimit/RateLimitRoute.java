package dev.qbank.ratelimit;

import dev.qbank.api.BodyLimits;
import dev.qbank.api.CanonicalPaths;
import dev.qbank.user.Caller;
import dev.qbank.user.Identity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Where every request meets the limiter, before any route runs (REST resources, and the catch-all 404 of
 * api.UnmatchedRoutes alike). Every route on the API port is charged, {@code /q/openapi} and Swagger UI included:
 * health and metrics, which an orchestrator's probes must always reach, are on the management interface, a port of
 * its own that this router never sees.
 * <p>
 * A request without credentials is anonymous whatever route it is for, so it is decided here, and refused before
 * anything else runs. A request with an Authorization header is decided by {@link RateLimitFilters} once
 * user.Authentication has established the caller; if it never gets there (no resource at that path), it is decided
 * here as anonymous, just before the 404. /graphql, which Quarkus REST never sees, is decided by its own route with
 * the identity GraphQL's authentication found. Either way, the headers are written by the exchange when the response
 * headers go out, on every response.
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

    void register(@Observes Router router) {
        if (!limiter.enabled()) {
            return;
        }
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::arrive);
        // api.UnmatchedRoutes answers 404 from the last place (Integer.MAX_VALUE); this runs just before it.
        router.route().order(Integer.MAX_VALUE - 1).handler(this::unmatched);
    }

    /**
     * /graphql (and /q/openapi, /q/swagger-ui) are Vert.x routes that come before {@link #arrive} and that Quarkus
     * REST never sees, so they are decided
     * by a filter of its own: after graphql.GraphQLAuthentication (priority 900), which refuses a bad key and leaves
     * the identity it found on the context; a learner is then charged as a learner, exactly as in REST.
     */
    void registerGraphQL(@Observes Filters filters) {
        if (limiter.enabled()) {
            filters.register(this::graphql, 800);
            filters.register(this::refusedBeforeRouting, 960);
        }
    }

    /**
     * A request that is refused before any route runs, by api.CanonicalPaths (filter 950: a path spelled otherwise than
     * plainly, 400) or api.BodyLimits (filter 945: a body over its family's limit, 413, or without a length, 411), is
     * charged first, as anonymous by client address whatever key it carries (the key is never looked at), so that no
     * spelling of a path and no oversized body buys free requests. Its sign-up policy is judged on the normalized path.
     */
    private void refusedBeforeRouting(RoutingContext ctx) {
        String raw = ctx.request().path();
        if (raw == null || RateLimitExchange.of(ctx) != null
                || (CanonicalPaths.flaw(raw) == null && bodyLimits.refusal(ctx) == null)) {
            ctx.next();
            return;
        }
        RateLimitExchange exchange = start(ctx);
        decideThenContinue(ctx, exchange, limiter.anonymous(exchange.clientAddress, ctx.request().method().name(), ctx.normalizedPath()));
    }

    private void graphql(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/q/") && RateLimitExchange.of(ctx) == null) {
            // The contract and Swagger UI: Vert.x routes that come before {@link #arrive}. Public documents, so charged
            // as anonymous by address, whatever key the request carries.
            RateLimitExchange exchange = start(ctx);
            decideThenContinue(ctx, exchange, limiter.anonymous(exchange.clientAddress, ctx.request().method().name(), path));
            return;
        }
        if (!(path.equals("/graphql") || path.startsWith("/graphql/")) || RateLimitExchange.of(ctx) != null) {
            ctx.next();
            return;
        }
        RateLimitExchange exchange = start(ctx);
        Identity identity = ctx.get(Identity.CONTEXT_KEY);
        String method = ctx.request().method().name();
        // No key, or a key that was refused (its 401 comes after this): anonymous.
        Caller.Role role = identity == null || ctx.get(Identity.REFUSAL_CONTEXT_KEY) != null ? Caller.Role.ANONYMOUS : identity.role();
        String userId = role == Caller.Role.USER ? identity.userId().toString() : null;
        decideThenContinue(ctx, exchange, limiter.forCaller(role, userId, exchange.clientAddress, method, path));
    }

    private RateLimitExchange start(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // The TCP peer itself (not Quarkus's forwarded view of it): which forwarding headers to believe is ours to say.
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        String address = limiter.addresses().resolve(peer == null ? null : peer.hostAddress(), request.headers()::getAll);
        return RateLimitExchange.start(ctx, address, limiter.legacyHeaders());
    }

    private void arrive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        if (path == null || RateLimitExchange.of(ctx) != null) {
            ctx.next();
            return;
        }
        RateLimitExchange exchange = start(ctx);
        String address = exchange.clientAddress;
        if (request.headers().contains(HttpHeaders.AUTHORIZATION)) {
            ctx.next();
            return;
        }
        decideThenContinue(ctx, exchange, limiter.anonymous(address, request.method().name(), path));
    }

    private void unmatched(RoutingContext ctx) {
        RateLimitExchange exchange = RateLimitExchange.of(ctx);
        if (exchange == null || exchange.decision() != null) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        decideThenContinue(ctx, exchange, limiter.anonymous(exchange.clientAddress, request.method().name(), request.path()));
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
