package dev.qbank.api.problem;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Requests that no route serves at all (outside the REST resources, e.g. {@code /nope}) still get a 404 problem
 * rather than the HTTP server's plain-text default.
 */
@ApplicationScoped
public class UnmatchedRoutes {

    private final ProblemResponses responses;

    public UnmatchedRoutes(ProblemResponses responses) {
        this.responses = responses;
    }

    void register(@Observes Router router) {
        router.route().last().handler(ctx -> {
            String path = ctx.request().path();
            responses.send(
                    ctx,
                    Problem.of(ProblemType.NOT_FOUND, "No resource at " + path + ".")
                            .withInstance(path));
        });
    }
}
