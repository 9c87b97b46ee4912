package dev.qbank.ratelimit;

import dev.qbank.api.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The limiter inside Quarkus REST, after the resource: a 304 gives its tokens back (a conditional request that hits
 * costs nothing, as on GitHub). Every request was decided before routing ({@link RateLimitRoute}); one that somehow
 * was not (the limiter's filter did not run) is charged as anonymous here rather than served free.
 * <p>
 * The filters return Uni: with Redis they wait for it without holding a thread. A null Uni means "nothing to wait
 * for", and Quarkus REST goes on at once.
 */
@Singleton
public class RateLimitFilters {

    private static final Annotation[] NO_ANNOTATIONS = new Annotation[0];

    private final RateLimiter limiter;
    private final Rejections rejections;

    public RateLimitFilters(RateLimiter limiter, Rejections rejections) {
        this.limiter = limiter;
        this.rejections = rejections;
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
