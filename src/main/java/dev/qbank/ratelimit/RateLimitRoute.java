package dev.qbank.ratelimit;

import io.quarkus.vertx.http.runtime.RouteConstants;
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
 * api.UnmatchedRoutes alike). Operational endpoints under {@code /q/} (health, metrics, OpenAPI) are exempt: an
 * orchestrator's probes must never be refused.
 * <p>
 * A request without credentials is anonymous whatever route it is for, so it is decided here, and refused before
 * anything else runs. A request with an Authorization header is decided by {@link RateLimitFilters} once
 * user.Authentication has established the caller; if it never gets there (no resource at that path), it is decided
 * here as anonymous, just before the 404. Either way, the headers are written by the exchange when the response
 * headers go out, on every response.
 */
@ApplicationScoped
public class RateLimitRoute {

    private static final Logger LOG = Logger.getLogger(RateLimitRoute.class);

    private final RateLimiter limiter;
    private final Rejections rejections;

    public RateLimitRoute(RateLimiter limiter, Rejections rejections) {
        this.limiter = limiter;
        this.rejections = rejections;
    }

    void register(@Observes Router router) {
        if (!limiter.enabled()) {
            return;
        }
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::arrive);
        // api.UnmatchedRoutes answers 404 from the last place (Integer.MAX_VALUE); this runs just before it.
        router.route().order(Integer.MAX_VALUE - 1).handler(this::unmatched);
    }

    private void arrive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        if (path == null || path.startsWith("/q/")) {
            ctx.next();
            return;
        }
        // The TCP peer itself (not Quarkus's forwarded view of it): which forwarding headers to believe is ours to say.
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        String address = limiter.addresses().resolve(peer == null ? null : peer.hostAddress(), request.headers()::getAll);
        RateLimitExchange exchange = RateLimitExchange.start(ctx, address, limiter.legacyHeaders());
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
