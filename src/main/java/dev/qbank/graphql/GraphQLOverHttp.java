package dev.qbank.graphql;

import dev.qbank.api.problem.DatabaseUnavailable;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemResponses;
import dev.qbank.api.problem.ProblemType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.quarkus.jsonp.JsonProviderHolder;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /graphql as the GraphQL-over-HTTP specification says (https://graphql.github.io/graphql-over-http/draft/): the
 * response media type negotiated from Accept ({@link GraphQLMediaTypes}), 406 when neither of ours is acceptable, a
 * POST body only as application/json (415 otherwise), a request that is not well-formed (not JSON, a batch array, a
 * query that is missing or not a string, variables or extensions that are not maps, an operationName that is not a
 * string) a 400, queries over GET with variables and extensions JSON-encoded, a mutation over GET a 405 with
 * {@code Allow: POST} before anything runs, and under application/graphql-response+json a response without data (a
 * document that does not parse or validate, variables that do not coerce, a query refused for its cost) a 4xx.
 *
 * <p>SmallRye GraphQL's own handler does none of this and has no setting for it (it answers 200 to all of them, runs a
 * mutation sent with GET, echoes the raw Accept value as the Content-Type, double-decodes GET parameters and reads
 * text/plain bodies), so this is a Vert.x filter that serves GET and POST /graphql itself, after every other filter
 * (authentication, rate limit, body limit), and hands the well-formed request to SmallRye's ExecutionService through
 * SmallRye's abstract handler, which sets up the request context and the caller's identity exactly as SmallRye's own
 * route does. A request error goes out through {@link ProblemResponses}: application/problem+json, or the problem as
 * a GraphQL error for a client that asked for application/graphql-response+json ({@link #GRAPHQL_ERRORS}), and so do
 * the refusals of the filters before this one (401, 413, 429).
 */
@ApplicationScoped
public class GraphQLOverHttp {

    /** The GraphQLContext key (from SmallRye's metadata) of the request's HTTP method: QueryCost refuses GET mutations. */
    static final String HTTP_METHOD = "qbank.http-method";

    private static final String MEDIA_TYPE = "qbank.graphql.media-type";
    private static final String INPUT = "qbank.graphql.input";
    private static final String NOT_ACCEPTABLE = "none";
    private static final JsonReaderFactory JSON =
            JsonProviderHolder.jsonProvider().createReaderFactory(Map.of());

    /** A problem as GraphQL-over-HTTP's response format: one error whose extensions carry the problem's members. */
    static final ProblemResponses.Format GRAPHQL_ERRORS = new ProblemResponses.Format() {
        @Override
        public String mediaType() {
            return GraphQLMediaTypes.GRAPHQL_RESPONSE + "; charset=utf-8";
        }

        @Override
        public Object body(Problem problem) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("type", problem.getType());
            extensions.put("status", problem.getStatus());
            extensions.putAll(problem.getExtensions());
            String message = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", message);
            error.put("extensions", extensions);
            return Map.of("errors", List.of(error));
        }
    };

    private final ProblemResponses problems;
    private final Executor executor;

    public GraphQLOverHttp(
            ProblemResponses problems, Instance<CurrentIdentityAssociation> identity, CurrentVertxRequest request) {
        this.problems = problems;
        this.executor = new Executor(identity.isResolvable() ? identity.get() : null, request);
    }

    void register(@Observes Filters filters) {
        // Before any filter that may refuse the request (the rate limiter's first, 960), so that its refusal is in the
        // media type the client asked for too.
        filters.register(this::negotiate, 990);
        // After every other filter, Quarkus's authorization (100) included, and before any route (SmallRye's).
        filters.register(this::serve, 10);
    }

    static boolean isEndpoint(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.equals("/graphql") || path.equals("/graphql/");
    }

    void negotiate(RoutingContext ctx) {
        if (isEndpoint(ctx)) {
            String accept = String.join(",", ctx.request().headers().getAll(HttpHeaders.ACCEPT));
            String type = GraphQLMediaTypes.negotiate(accept.isEmpty() ? null : accept);
            ctx.put(MEDIA_TYPE, type == null ? NOT_ACCEPTABLE : type);
            if (GraphQLMediaTypes.GRAPHQL_RESPONSE.equals(type)) {
                ctx.put(ProblemResponses.FORMAT, GRAPHQL_ERRORS);
            }
        }
        ctx.next();
    }

    void serve(RoutingContext ctx) {
        if (!isEndpoint(ctx)) {
            ctx.next();
            return;
        }
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.POST) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, POST, OPTIONS");
            if (method == HttpMethod.OPTIONS) {
                ctx.response().setStatusCode(204).end(); // CORS preflights were answered before (Quarkus's CORS filter)
            } else {
                refuse(ctx, ProblemType.METHOD_NOT_ALLOWED, method.name() + " is not served here; use GET or POST.");
            }
            return;
        }
        if (NOT_ACCEPTABLE.equals(ctx.get(MEDIA_TYPE))) {
            refuse(
                    ctx,
                    ProblemType.NOT_ACCEPTABLE,
                    "GraphQL responses are application/graphql-response+json or application/json (in UTF-8); "
                            + "the Accept header allows neither.");
            return;
        }
        if (method == HttpMethod.GET) {
            ctx.request().resume(); // a body sent with a GET is not read (nor held)
            execute(ctx, fromQueryParameters(ctx));
            return;
        }
        String unreadable = GraphQLMediaTypes.unreadable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        if (unreadable != null) {
            refuse(
                    ctx,
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "A GraphQL POST body is application/json (in UTF-8), with query, operationName, variables and "
                            + "extensions; this one is not read: " + unreadable + ".");
            return;
        }
        if ("100-continue".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue(); // its length and type are acceptable, and so is its sender
        }
        ctx.request().body().onComplete(read -> {
            if (read.failed()) {
                if (!ctx.response().ended()) {
                    refuse(ctx, ProblemType.BAD_REQUEST, "The request body could not be read.");
                }
                return;
            }
            execute(ctx, fromBody(read.result()));
        });
        // Vert.x Web holds a request's body back until a handler reads it (as Quarkus's body handler does, on routes).
        ctx.request().resume();
    }

    private void execute(RoutingContext ctx, Object input) {
        if (input instanceof Problem problem) {
            problems.send(ctx, problem);
        } else {
            ctx.put(INPUT, input);
            executor.handle(ctx);
        }
    }

    /** GET: the parameters from the URL's query, {@code variables} and {@code extensions} as JSON text. */
    private static Object fromQueryParameters(RoutingContext ctx) {
        MultiMap parameters;
        try {
            parameters = ctx.queryParams(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return malformed("The query string is not valid form encoding.");
        }
        JsonObjectBuilder input = JsonProviderHolder.jsonProvider().createObjectBuilder();
        for (String name : List.of("query", "operationName", "variables", "extensions")) {
            List<String> values = parameters.getAll(name);
            if (values.size() > 1) {
                return malformed("The " + name + " parameter is given " + values.size() + " times; give it once.");
            }
            if (values.isEmpty() || (values.get(0).isEmpty() && !name.equals("query"))) {
                continue; // an empty operationName is no operationName, as the spec says
            }
            String value = values.get(0);
            if (name.equals("query") || name.equals("operationName")) {
                input.add(name, value);
                continue;
            }
            JsonValue json;
            try (JsonReader reader = JSON.createReader(new StringReader(value))) {
                json = reader.readValue();
            } catch (JsonException e) {
                return malformed("The " + name + " parameter is not JSON: it must be a JSON-encoded object.");
            }
            input.add(name, json);
        }
        return wellFormed(input.build());
    }

    /** POST: the body, a JSON object. */
    private static Object fromBody(Buffer body) {
        if (body == null || body.length() == 0) {
            return malformed("The request body is empty; send {\"query\": \"...\"}.");
        }
        JsonValue json;
        try (JsonReader reader = JSON.createReader(new StringReader(body.toString(StandardCharsets.UTF_8)))) {
            json = reader.readValue();
        } catch (JsonException e) {
            return Problem.of(ProblemType.MALFORMED_JSON, "The request body is not JSON.");
        }
        if (json.getValueType() == JsonValue.ValueType.ARRAY) {
            return malformed("A JSON array (a batch of requests) is not served: send one request per operation, "
                    + "each is charged one rate-limit token.");
        }
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            return malformed("The request body must be a JSON object with a query.");
        }
        return wellFormed(json.asJsonObject());
    }

    /**
     * The request as SmallRye reads it, if it is a well-formed GraphQL-over-HTTP request: a query string, and an
     * operationName string, a variables map and an extensions map where given (null is the same as not given); other
     * members are ignored, as the spec reserves them. Otherwise the 400 problem naming what is wrong.
     */
    static Object wellFormed(JsonObject request) {
        JsonObjectBuilder input = JsonProviderHolder.jsonProvider().createObjectBuilder();
        JsonValue query = request.get("query");
        if (query == null || query == JsonValue.NULL) {
            return invalid("query", "is required: the GraphQL document, as a string");
        }
        if (!(query instanceof JsonString)) {
            return invalid("query", "must be a string");
        }
        input.add("query", query);
        JsonValue operationName = request.get("operationName");
        if (operationName != null && operationName != JsonValue.NULL) {
            if (!(operationName instanceof JsonString name)) {
                return invalid("operationName", "must be a string");
            }
            if (!name.getString().isEmpty()) {
                input.add("operationName", name);
            }
        }
        for (String map : List.of("variables", "extensions")) {
            JsonValue value = request.get(map);
            if (value != null && value != JsonValue.NULL) {
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    return invalid(map, "must be a map (a JSON object)");
                }
                input.add(map, value);
            }
        }
        return input.build();
    }

    private static Problem invalid(String parameter, String reason) {
        return Problem.of(
                        ProblemType.INVALID_PARAMETERS,
                        "Not a well-formed GraphQL-over-HTTP request: " + parameter + " " + reason + ".")
                .withInvalidParams(List.of(new Problem.InvalidParam(parameter, reason)));
    }

    private static Problem malformed(String detail) {
        return Problem.of(ProblemType.BAD_REQUEST, detail);
    }

    private void refuse(RoutingContext ctx, ProblemType type, String detail) {
        ctx.request().resume(); // a body that will not be read is let through and dropped: the connection stays usable
        problems.send(ctx, Problem.of(type, detail));
    }

    /** The status of a response to a well-formed request, by media type (the spec's "Status Codes"). */
    static int status(String mediaType, ExecutionResult result) {
        if (result.isDataPresent() || !GraphQLMediaTypes.GRAPHQL_RESPONSE.equals(mediaType)) {
            return 200; // application/json: 200 whatever the errors; with data: 200 in either type
        }
        for (GraphQLError error : result.getErrors()) {
            if (error instanceof QueryCost.Refusal refusal) {
                return refusal.problem().getStatus();
            }
        }
        return 400; // no data: the document did not parse or validate, or the variables did not coerce
    }

    /**
     * Runs a well-formed request through SmallRye's ExecutionService, with the request context and identity that
     * SmallRye's abstract handler sets up (as for its own route), and writes the response.
     */
    private final class Executor extends SmallRyeGraphQLAbstractHandler {

        Executor(CurrentIdentityAssociation identity, CurrentVertxRequest request) {
            super(
                    identity, request,
                    false); // false: as SmallRye's route (quarkus.smallrye-graphql.nonblocking.enabled unset)
        }

        @Override
        protected void doHandle(RoutingContext ctx) {
            Map<String, Object> metadata = getMetaData(ctx);
            metadata.put(HTTP_METHOD, ctx.request().method().name());
            getExecutionService().executeAsync(ctx.get(INPUT), metadata, new Writer(ctx));
        }
    }

    private final class Writer implements ExecutionResponseWriter {
        private final RoutingContext ctx;

        Writer(RoutingContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void write(ExecutionResponse response) {
            if (ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            ExecutionResult result = response.getExecutionResult();
            for (GraphQLError error : result.getErrors()) {
                if (error instanceof QueryCost.Refusal refusal
                        && refusal.problem().getStatus() == 405) {
                    // A mutation over GET: a request error (405, halted before anything ran), not a GraphQL result.
                    ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
                    problems.send(ctx, refusal.problem());
                    return;
                }
            }
            String mediaType = ctx.get(MEDIA_TYPE);
            var http = ctx.response()
                    .setStatusCode(status(mediaType, result))
                    .putHeader(HttpHeaders.CONTENT_TYPE, mediaType + "; charset=utf-8");
            if (ctx.request().method() == HttpMethod.GET) {
                // A URL is a cache key: nothing may keep an answer that rate limits and keys make per-request.
                http.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            http.end(Buffer.buffer(response.getExecutionResultAsString().getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void fail(Throwable failure) {
            if (ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            if (DatabaseUnavailable.causedBy(failure)) {
                ctx.response().putHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS);
                problems.send(ctx, DatabaseUnavailable.problem());
            } else {
                problems.send(ctx, ProblemResponses.unexpected(failure, "executing GraphQL"));
            }
        }
    }
}
