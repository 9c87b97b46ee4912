package dev.qbank.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.tracing.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Serializes problems as application/problem+json, whatever the request's Accept header asked for, unless the route
 * family the request is for has put another {@link Format} on its routing context (GraphQL, for a client that asked
 * for application/graphql-response+json: the problem as a GraphQL error).
 */
@ApplicationScoped
public class ProblemResponses {

    /**
     * Another media type for the problems of one request, set on its routing context (under {@link #FORMAT}) by a
     * filter that runs before any that may refuse the request. Status and headers stay as for problem+json.
     */
    public interface Format {
        String mediaType();

        /** What the response body holds instead of the problem (serialized as JSON). */
        Object body(Problem problem);
    }

    /** The routing-context key of a request's {@link Format}. */
    public static final String FORMAT = "qbank.problem-format";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProblemMappers.class);

    private final ObjectMapper mapper;
    private final RequestContext request;

    public ProblemResponses(ObjectMapper mapper, RequestContext request) {
        this.mapper = mapper;
        this.request = request;
    }

    public Response build(Problem problem, UriInfo uri) {
        if (problem.getInstance() == null && uri != null) {
            problem.withInstance(uri.getRequestUri().getRawPath());
        }
        withIds(problem, request.requestId(), RequestContext.traceId());
        Response.ResponseBuilder response = Response.status(problem.getStatus())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(toJson(problem));
        if (problem.getStatus() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge(problem));
        }
        return response.build();
    }

    /**
     * Sends a problem from a Vert.x route or filter, before Quarkus REST (or outside it): the same body and headers as
     * {@link #build}. Headers the caller set on the response before (Retry-After, Connection: close) are kept.
     */
    public void send(io.vertx.ext.web.RoutingContext ctx, Problem problem) {
        if (problem.getInstance() == null) {
            problem.withInstance(ctx.normalizedPath());
        }
        withIds(problem, ctx.get(RequestContext.REQUEST_ID), RequestContext.traceId());
        Format format = ctx.get(FORMAT);
        var response = ctx.response()
                .setStatusCode(problem.getStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, format == null ? Problem.MEDIA_TYPE : format.mediaType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (problem.getStatus() == 401) {
            response.putHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(problem));
        }
        response.end(
                io.vertx.core.buffer.Buffer.buffer(format == null ? toJson(problem) : toJson(format.body(problem))));
    }

    /**
     * The 500 for a failure nobody expected: the client gets an opaque id to quote, the details stay in our log,
     * under that id and {@code where} it happened.
     */
    public static Problem unexpected(Throwable failure, String where) {
        String errorId = java.util.UUID.randomUUID().toString();
        LOG.errorf(failure, "Unhandled error %s %s", errorId, where);
        return Problem.of(
                        ProblemType.INTERNAL,
                        "The server could not complete the request; quote error id " + errorId + " when reporting it.")
                .with("error_id", errorId);
    }

    /** RFC 6750 section 3: the Bearer challenge of a 401, and why a presented key was refused. */
    public static String challenge(Problem problem) {
        return ProblemType.INVALID_API_KEY.uri().equals(problem.getType())
                ? "Bearer realm=\"qbank\", error=\"invalid_token\""
                : "Bearer realm=\"qbank\"";
    }

    /** Every problem names the request and trace it belongs to, for support and for finding its log lines. */
    public static Problem withIds(Problem problem, String requestId, String traceId) {
        if (requestId != null && !problem.getExtensions().containsKey("request_id")) {
            problem.with("request_id", requestId);
        }
        if (traceId != null && !problem.getExtensions().containsKey("trace_id")) {
            problem.with("trace_id", traceId);
        }
        return problem;
    }

    public byte[] toJson(Object problem) {
        try {
            return mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem could not be serialized", e);
        }
    }
}
