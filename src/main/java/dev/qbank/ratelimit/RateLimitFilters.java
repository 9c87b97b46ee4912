package dev.qbank.ratelimit;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The limiter inside Quarkus REST, after the resource: a 304 gives its tokens back (a conditional request that hits
 * costs nothing, as on GitHub). Every request was decided before routing, in {@link RateLimitRoute}.
 * <p>
 * The filter returns a Uni: with Redis it waits for the refund without holding a thread. A null Uni means "nothing to
 * wait for", and Quarkus REST goes on at once.
 */
@Singleton
public class RateLimitFilters {

    private final RateLimiter limiter;

    public RateLimitFilters(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerResponseFilter
    public Uni<Void> settle(RoutingContext ctx, ContainerResponseContext response) {
        if (response.getStatus() != Response.Status.NOT_MODIFIED.getStatusCode()) {
            return null; // only a 304 has anything to settle
        }
        RateLimitExchange exchange = RateLimitExchange.of(ctx);
        Decision decision = exchange == null ? null : exchange.decision();
        if (decision == null || !decision.allowed()) {
            return null;
        }
        return Uni.createFrom()
                .completionStage(limiter.refund(decision))
                .invoke(exchange::decided)
                .replaceWithVoid();
    }
}
