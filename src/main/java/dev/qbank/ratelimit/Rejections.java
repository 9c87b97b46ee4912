package dev.qbank.ratelimit;

import dev.qbank.api.ProblemResponses;
import dev.qbank.api.RequestContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * The 429 answer, built with the application's problem serialization wherever the refusal happens, and naming its
 * request and trace (request_id, trace_id) like every other problem.
 */
@ApplicationScoped
public class Rejections {

    private final ProblemResponses problems;
    private final RequestContext request;

    public Rejections(ProblemResponses problems, RequestContext request) {
        this.problems = problems;
        this.request = request;
    }

    /** Ends the request at the Vert.x level; nothing behind the limiter runs. */
    void send(RoutingContext ctx, Decision decision) {
        problems.send(ctx, QuotaExceeded.problem(decision, ctx.request().path()));
    }

    /** The same answer as a REST response, for refusals decided in a REST filter. */
    Response response(Decision decision, String path) {
        return problems.build(QuotaExceeded.problem(decision, path), null);
    }

    byte[] body(Decision decision, String path) {
        return problems.toJson(ProblemResponses.withIds(QuotaExceeded.problem(decision, path), request.requestId(),
                RequestContext.traceId()));
    }
}
