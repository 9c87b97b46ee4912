package dev.qbank.ratelimit;

import dev.qbank.api.problem.ProblemResponses;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The 429 answer, built with the application's problem serialization wherever the refusal happens, and naming its
 * request and trace (request_id, trace_id) like every other problem.
 */
@ApplicationScoped
public class Rejections {

    private final ProblemResponses problems;

    public Rejections(ProblemResponses problems) {
        this.problems = problems;
    }

    /** Ends the request at the Vert.x level; nothing behind the limiter runs. */
    void send(RoutingContext ctx, Decision decision) {
        problems.send(ctx, QuotaExceeded.problem(decision, ctx.request().path()));
    }
}
