package dev.qbank.api;

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
            Problem problem = ProblemResponses.withIds(Problem.of(ProblemType.NOT_FOUND, "No resource at " + path + ".").withInstance(path),
                    ctx.get(RequestContext.REQUEST_ID), RequestContext.traceId());
            ctx.response().setStatusCode(404)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Cache-Control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(responses.toJson(problem)));
        });
    }
}
