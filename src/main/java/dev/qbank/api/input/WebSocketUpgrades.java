package dev.qbank.api.input;

import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemResponses;
import dev.qbank.api.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * qbank speaks HTTP only. It offers no GraphQL subscriptions, so the GraphQL-over-WebSocket transport that SmallRye
 * GraphQL mounts on /graphql by default (no setting turns it off) is refused here, before any route: on an open socket
 * every operation cost one rate-limit token in all and a revoked key kept working, a second door that skipped the
 * controls of the first. Every WebSocket upgrade, on any path, is answered {@code 400} with a problem instead of
 * {@code 101 Switching Protocols}.
 */
@ApplicationScoped
public class WebSocketUpgrades {

    private final ProblemResponses responses;

    public WebSocketUpgrades(ProblemResponses responses) {
        this.responses = responses;
    }

    void register(@Observes Filters filters) {
        filters.register(this::refuse, 940); // after CanonicalPaths (950), before GraphQL's authentication (900)
    }

    void refuse(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            ctx.next();
            return;
        }
        Problem problem = Problem.of(
                ProblemType.BAD_REQUEST,
                "WebSocket is not offered: qbank serves GraphQL over HTTP "
                        + "(POST or GET /graphql) and has no subscriptions.");
        ctx.response().putHeader("Connection", "close");
        responses.send(ctx, problem);
    }
}
