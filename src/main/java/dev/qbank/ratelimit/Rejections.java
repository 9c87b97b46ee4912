package dev.qbank.ratelimit;

import dev.qbank.api.Problem;
import dev.qbank.api.ProblemResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** The 429 answer, built with the application's problem serialization wherever the refusal happens. */
@ApplicationScoped
public class Rejections {

    private final ProblemResponses problems;

    public Rejections(ProblemResponses problems) {
        this.problems = problems;
    }

    /** Ends the request at the Vert.x level; nothing behind the limiter runs. */
    void send(RoutingContext ctx, Decision decision) {
        Problem problem = QuotaExceeded.problem(decision, ctx.request().path());
        ctx.response().setStatusCode(QuotaExceeded.STATUS)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(Buffer.buffer(problems.toJson(problem)));
    }

    /** The same answer as a REST response, for refusals decided in a REST filter. */
    Response response(Decision decision, String path) {
        return problems.build(QuotaExceeded.problem(decision, path), null);
    }

    byte[] body(Decision decision, String path) {
        return problems.toJson(QuotaExceeded.problem(decision, path));
    }
}
