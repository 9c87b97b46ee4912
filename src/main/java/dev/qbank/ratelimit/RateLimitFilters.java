package dev.qbank.ratelimit;

import dev.qbank.api.Problem;
import dev.qbank.user.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The limiter inside Quarkus REST. Requests with credentials are decided here, right after user.Authentication has
 * established the caller and before the resource method: a learner by user, the admin by the admin policy. After the
 * resource: a 304 gives its tokens back (a conditional request that hits costs nothing, as on GitHub), and a request
 * that ended before it could be decided (its key was refused, or the request did not match a resource) is charged
 * as anonymous, so that guessing keys is limited like any anonymous traffic.
 * <p>
 * The filters return Uni: with Redis they wait for it without holding a thread. A null Uni means "nothing to wait
 * for", and Quarkus REST goes on at once.
 */
@Singleton
public class RateLimitFilters {

    private static final Annotation[] NO_ANNOTATIONS = new Annotation[0];

    private final RateLimiter limiter;
    private final Rejections rejections;
    private final Caller caller;

    public RateLimitFilters(RateLimiter limiter, Rejections rejections, Caller caller) {
        this.limiter = limiter;
        this.rejections = rejections;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public Uni<Response> limitTheCaller(RoutingContext ctx, ContainerRequestContext request) {
        RateLimitExchange exchange = RateLimitExchange.of(ctx);
        if (exchange == null || exchange.decision() != null) {
            return null; // decided already (no credentials): Quarkus REST goes on without suspending the request
        }
        String method = request.getMethod();
        String path = ctx.request().path();
        String userId = caller.role() == Caller.Role.USER ? caller.requireUser().toString() : null;
        List<Charge> charges = limiter.forCaller(caller.role(), userId, exchange.clientAddress, method, path);
        return Uni.createFrom().completionStage(limiter.decide(charges)).map(decision -> {
            exchange.decided(decision);
            return decision.allowed() ? null : rejections.response(decision, path);
        });
    }

    @ServerResponseFilter
    public Uni<Void> settle(RoutingContext ctx, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 300) {
            return null; // a resource answered, so the request was decided and is not a 304: nothing to settle
        }
        RateLimitExchange exchange = RateLimitExchange.of(ctx);
        if (exchange == null) {
            return null;
        }
        Decision decision = exchange.decision();
        if (decision == null) {
            String path = ctx.request().path();
            return Uni.createFrom().completionStage(limiter.decide(limiter.anonymous(exchange.clientAddress, ctx.request().method().name(), path)))
                    .invoke(decided -> {
                        exchange.decided(decided);
                        if (!decided.allowed()) {
                            replaceWithRejection(response, decided, path);
                        }
                    }).replaceWithVoid();
        }
        if (status == Response.Status.NOT_MODIFIED.getStatusCode() && decision.allowed()) {
            return Uni.createFrom().completionStage(limiter.refund(decision)).invoke(exchange::decided).replaceWithVoid();
        }
        return null;
    }

    /** Over the limit is a 429, whatever else was wrong with the request. */
    private void replaceWithRejection(ContainerResponseContext response, Decision decision, String path) {
        response.getHeaders().clear();
        response.setStatus(QuotaExceeded.STATUS);
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setEntity(rejections.body(decision, path), NO_ANNOTATIONS, MediaType.valueOf(Problem.MEDIA_TYPE));
    }
}
