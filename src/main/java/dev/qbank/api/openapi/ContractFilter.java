package dev.qbank.api.openapi;

import dev.qbank.api.idempotency.Idempotency;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes the HTTP mechanics every operation shares into the contract, the same way for every resource: shared
 * parameters (limit, cursor, filters), the caching headers and 304 of every GET, the Link header of collections,
 * the problem responses, and the rate-limit headers of every response with the 429 of every operation. Resources
 * only declare what is theirs (their 200 body).
 *
 * <p>It runs when the application is built: the document depends on the code alone, and building it at every start
 * cost ~0.3 s of a CPU-bound start-up (bench/results-notes.md).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ContractFilter implements OASFilter {

    /**
     * Marks a write operation as conditional (value {@link #REQUIRED} or {@link #OPTIONAL}): the filter gives it the
     * shared If-Match parameter, its 412 (and 428 when required) and 409 responses, and then removes the marker.
     */
    public static final String IF_MATCH = "x-qbank-if-match";
    /** Shared responses sent before the rate limiter runs, so without its headers. */
    public static final String REQUIRED = "required";

    public static final String OPTIONAL = "optional";

    /**
     * Bounds every input string and integer carries (OWASP API4, resource consumption; `.spectral.yaml` checks them):
     * the longest ISO-8601 instant we accept (nanoseconds and a +hh:mm offset), a UUID's 36 characters, int32.
     */
    static final int DATE_TIME_LENGTH = 35;

    static final int UUID_LENGTH = 36;
    static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);
    /** A pattern that starts with a length lookahead, such as {@code (?=.{1,64}$)}, bounds the string's length. */
    private static final java.util.regex.Pattern LENGTH_LOOKAHEAD =
            java.util.regex.Pattern.compile("^\\(\\?=\\.\\{\\d+,(\\d+)\\}\\$\\)");

    private record ParameterDoc(String description, Schema schema, Object example) {}

    private static final Map<String, ParameterDoc> PARAMETERS = Map.ofEntries(
            Map.entry(
                    "limit",
                    doc(
                            "Page size, 1 to 100.",
                            integer().maximum(BigDecimal.valueOf(100)).defaultValue(20),
                            7)),
            Map.entry(
                    "cursor",
                    doc(
                            "Opaque cursor from a previous page's `next_cursor` or `prev_cursor` (or its Link header). "
                                    + "Bound to the query's filters; an altered or foreign cursor is a 400 `invalid-cursor` problem.",
                            string().maxLength(1024),
                            null)),
            Map.entry("category", doc("Only items of this category (slug).", string().maxLength(64), "databases")),
            Map.entry("tag", doc("Only questions carrying this tag.", string().maxLength(64), "caching")),
            Map.entry(
                    "difficulty",
                    doc(
                            "Only questions of this difficulty.",
                            string().enumeration(List.of("junior", "mid", "senior")),
                            "senior")),
            Map.entry(
                    "number",
                    doc(
                            "The question's global number (1-40 for the seeded bank).",
                            integer().maximum(MAX_INT),
                            8)),
            Map.entry("slug", doc("The category's slug.", string().maxLength(64), "rest-apis")),
            Map.entry(
                    "question",
                    doc("Only attempts at this question (number).", integer().maximum(MAX_INT), 8)),
            Map.entry(
                    "since",
                    doc(
                            "Only attempts recorded at or after this instant (ISO-8601).",
                            dateTime(),
                            "2026-11-01T00:00:00Z")),
            Map.entry(
                    "listChanges:since",
                    doc(
                            "A `sync_token` from an earlier read of the feed: only the changes after it. Without it, the feed "
                                    + "from its beginning.",
                            string().maxLength(1024),
                            null)),
            Map.entry(
                    "updated_since",
                    doc(
                            "Only items whose `updated_at` is at or after this instant (ISO-8601), for simple delta downloads. "
                                    + "Deletions do not show here: the change feed (`GET /v1/changes`) has them.",
                            dateTime(),
                            "2026-12-01T00:00:00Z")),
            Map.entry(
                    "until",
                    doc("Only attempts recorded before this instant (ISO-8601).", dateTime(), "2026-12-01T00:00:00Z")),
            Map.entry(
                    "include_new",
                    doc(
                            "Whether never-attempted questions follow the due ones (by number). `true` or `false`.",
                            bool().defaultValue(true),
                            false)),
            Map.entry(
                    "format",
                    doc(
                            "The file format: `json`, `csv` (RFC 4180) or `anki` (an Anki text import file).",
                            string().enumeration(List.of("json", "csv", "anki")).defaultValue("json"),
                            "csv")),
            Map.entry(
                    "exportMyAttempts:format",
                    doc(
                            "The file format: `csv` (RFC 4180) or `json`.",
                            string().enumeration(List.of("csv", "json")).defaultValue("csv"),
                            "csv")),
            Map.entry(
                    "exportMyReviewLog:format",
                    doc(
                            "The file format: `fsrs-csv` (RFC 4180, the FSRS optimizer's revlog.csv layout) or `json`.",
                            string().enumeration(List.of("fsrs-csv", "json")).defaultValue("fsrs-csv"),
                            "fsrs-csv")),
            Map.entry(
                    "id",
                    doc(
                            "The id, as the API returned it.",
                            string().format("uuid").maxLength(UUID_LENGTH),
                            "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b")),
            Map.entry(
                    "q",
                    doc(
                            "Full-text search of the questions' text, tags and notes (PostgreSQL websearch syntax: words, "
                                    + "\"quoted phrases\", `or`, `-word`; any input is accepted and searched as the words it holds). Up to 200 "
                                    + "characters. Results come best match first, each with `rank` and `highlight`; the filters still apply.",
                            string().maxLength(200),
                            "cache invalidation")),
            Map.entry(
                    "count",
                    doc(
                            "How many questions, 1 to 40 (default 1). Fewer come back when fewer match.",
                            integer().maximum(BigDecimal.valueOf(40)).defaultValue(1),
                            5)));

    /** The maxLength the contract gives a shared string parameter, or null (enforced by api.input.ParameterBounds). */
    public static Integer maxLength(String parameter) {
        ParameterDoc doc = PARAMETERS.get(parameter);
        return doc == null ? null : doc.schema().getMaxLength();
    }

    /** Every response carries the request id and the trace it belongs to (and, to a browser, CORS's origin). */
    private static void addTracingHeaders(APIResponse response) {
        response.addHeader(
                        "Access-Control-Allow-Origin", OASFactory.createHeader().ref("Access-Control-Allow-Origin"))
                .addHeader("X-Request-Id", OASFactory.createHeader().ref("X-Request-Id"))
                .addHeader("traceresponse", OASFactory.createHeader().ref("traceresponse"));
    }

    private static ParameterDoc doc(String description, Schema schema, Object example) {
        return new ParameterDoc(description, schema, example);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static Schema dateTime() {
        return string().format("date-time").maxLength(DATE_TIME_LENGTH);
    }

    private static Schema bool() {
        return OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN);
    }

    private static Schema integer() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER)
                .format("int32")
                .minimum(BigDecimal.ONE);
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getResponses() != null) {
            openAPI.getComponents().getResponses().values().forEach(ContractFilter::addTracingHeaders);
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> components = openAPI.getComponents().getSchemas();
            components.values().forEach(schema -> inlineNullableReferences(schema, components));
            extendQuestionHit(openAPI.getComponents().getSchemas());
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.getOperations().entrySet()) {
                decorate(entry.getKey(), entry.getValue());
            }
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getResponses() != null) {
            // The refusals made before routing (api.input.BodyLimits, api.input.CanonicalPaths) included: they are
            // charged first.
            openAPI.getComponents().getResponses().values().forEach(ContractFilter::withRateLimitHeaders);
        }
    }

    /**
     * A nullable field of a referenced scalar type (an {@code Instant} that may be null) is modelled as
     * {@code anyOf: [$ref: Instant, type: null]}, which the OpenAPI 3.0 writer turns into {@code nullable: true}
     * beside {@code allOf: [$ref: Instant]}. That does not admit null: every allOf member must match, and the
     * referenced schema is a plain string, so a null in a response fails validation. Such fields get the referenced
     * schema inlined instead ({@code type: string, format: date-time, nullable: true}), which says what is meant.
     */
    private static void inlineNullableReferences(Schema schema, Map<String, Schema> components) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> inlineNullableReferences(property, components));
        }
        inlineNullableReferences(schema.getItems(), components);
        boolean nullable = schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL);
        List<Schema> anyOf = schema.getAnyOf();
        if (!nullable || anyOf == null) {
            return;
        }
        List<Schema> references =
                anyOf.stream().filter(member -> member.getRef() != null).toList();
        boolean onlyNullBesides = anyOf.stream()
                .filter(member -> member.getRef() == null)
                .allMatch(member -> List.of(Schema.SchemaType.NULL).equals(member.getType()));
        if (references.size() != 1 || !onlyNullBesides) {
            return;
        }
        String ref = references.get(0).getRef();
        Schema target = components.get(ref.substring(ref.lastIndexOf('/') + 1));
        boolean scalar = target != null
                && target.getProperties() == null
                && target.getType() != null
                && !target.getType().contains(Schema.SchemaType.OBJECT)
                && !target.getType().contains(Schema.SchemaType.ARRAY);
        if (!scalar) {
            return;
        }
        target.getType().stream()
                .filter(type -> !schema.getType().contains(type))
                .forEach(schema::addType);
        if (schema.getFormat() == null) {
            schema.setFormat(target.getFormat());
        }
        if (schema.getExample() == null && target.getExample() != null) {
            schema.setExample(target.getExample());
        }
        schema.setAnyOf(null);
    }

    /**
     * A nullable instant is generated as a reference to the Instant schema plus a null type, which the 3.0 document
     * spells {@code allOf: [$ref: Instant], nullable: true}; a null never matches that allOf. So every instant is
     * written inline, as a date-time string (nullable where it was).
     */
    @Override
    public Schema filterSchema(Schema schema) {
        inlineInstant(schema);
        if (schema.getPattern() != null && schema.getMaxLength() == null) {
            java.util.regex.Matcher lookahead = LENGTH_LOOKAHEAD.matcher(schema.getPattern());
            if (lookahead.find()) {
                schema.setMaxLength(Integer.valueOf(lookahead.group(1)));
            }
        }
        if (schema.getEnumeration() != null
                && schema.getType() != null
                && schema.getType().contains(Schema.SchemaType.NULL)
                && !schema.getEnumeration().contains(null)) {
            // OpenAPI 3.0: `nullable` does not widen an enum; a nullable enum must list null to admit it.
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
        if ("date-time".equals(schema.getFormat()) && schema.getMaxLength() == null) {
            schema.setMaxLength(DATE_TIME_LENGTH);
        }
        if ("uuid".equals(schema.getFormat()) && schema.getMaxLength() == null) {
            schema.setMaxLength(UUID_LENGTH);
        }
        return schema;
    }

    private static void inlineInstant(Schema schema) {
        if (schema.getRef() != null && schema.getRef().endsWith("/Instant")) {
            List<Schema.SchemaType> types = new ArrayList<>(List.of(Schema.SchemaType.STRING));
            if (schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL)) {
                types.add(Schema.SchemaType.NULL);
            }
            schema.setRef(null);
            schema.setType(types);
            schema.setFormat("date-time");
            if (schema.getExample() == null) {
                schema.setExample("2026-11-28T09:00:00Z");
            }
        }
        List<Schema> anyOf = schema.getAnyOf();
        if (anyOf != null
                && anyOf.size() == 2
                && anyOf.stream().anyMatch(ContractFilter::isInstant)
                && anyOf.stream()
                        .anyMatch(s -> s.getType() != null && s.getType().equals(List.of(Schema.SchemaType.NULL))
                                || s.getEnumeration() != null
                                        && s.getEnumeration().size() == 1
                                        && s.getEnumeration().get(0) == null)) {
            schema.setAnyOf(null);
            schema.setType(List.of(Schema.SchemaType.STRING, Schema.SchemaType.NULL));
            schema.setFormat("date-time");
            if (schema.getExample() == null) {
                schema.setExample("2026-11-28T09:00:00Z");
            }
        }
    }

    private static boolean isInstant(Schema schema) {
        return (schema.getRef() != null && schema.getRef().endsWith("/Instant"))
                || "date-time".equals(schema.getFormat());
    }

    /**
     * A header a resource reads with @HeaderParam appears inline in the generated operation; it is replaced by the
     * shared, documented parameter (an operation listing the same header twice is an invalid contract).
     */
    private static void useSharedHeader(Operation operation, String name, String ref) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : List.copyOf(operation.getParameters())) {
                if (parameter.getIn() == Parameter.In.HEADER && name.equalsIgnoreCase(parameter.getName())) {
                    operation.removeParameter(parameter);
                }
            }
        }
        operation.addParameter(OASFactory.createParameter().ref(ref));
    }

    /**
     * Every response carries the limiter's state (ratelimit package; draft-ietf-httpapi-ratelimit-headers-11). Shared
     * responses get them in components, an operation's own responses here.
     */
    private static void withRateLimitHeaders(APIResponse response) {
        if (response.getRef() == null) {
            response.addHeader("RateLimit-Policy", OASFactory.createHeader().ref("RateLimit-Policy"))
                    .addHeader("RateLimit", OASFactory.createHeader().ref("RateLimit"));
        }
    }

    /**
     * A search hit is a QuestionView plus {@code rank} and {@code highlight}. It is written out in full rather than
     * as {@code allOf}, which response validators and client generators read as two closed schemas that no object
     * satisfies at once; copying keeps it in step with QuestionView.
     */
    private static void extendQuestionHit(Map<String, Schema> schemas) {
        Schema view = schemas.get("QuestionView");
        Schema hit = schemas.get("QuestionHit");
        if (view == null || hit == null || view.getProperties() == null) {
            return;
        }
        Map<String, Schema> properties = new java.util.LinkedHashMap<>(view.getProperties());
        if (hit.getProperties() != null) {
            properties.putAll(hit.getProperties());
        }
        hit.setProperties(properties);
        if (view.getRequired() != null) {
            hit.setRequired(new java.util.ArrayList<>(view.getRequired()));
        }
    }

    private static void decorate(PathItem.HttpMethod method, Operation operation) {
        boolean hasPathParams = false;
        boolean hasParams = false;
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                // An operation may document a shared name its own way ("listChanges:since" is a token, not an instant).
                ParameterDoc doc = PARAMETERS.getOrDefault(
                        operation.getOperationId() + ":" + parameter.getName(), PARAMETERS.get(parameter.getName()));
                if (doc != null) {
                    parameter.description(doc.description()).schema(doc.schema());
                    if (doc.example() != null) {
                        parameter.example(doc.example());
                    }
                }
                hasParams = true;
                hasPathParams |= parameter.getIn() == Parameter.In.PATH;
            }
        }
        APIResponses responses = operation.getResponses();
        boolean protectedOperation =
                operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        // Any request may present a key, and a bad key is refused everywhere.
        responses.addAPIResponse("401", OASFactory.createAPIResponse().ref("Unauthorized"));
        if (protectedOperation) {
            responses.addAPIResponse("403", OASFactory.createAPIResponse().ref("Forbidden"));
        }
        if (method == PathItem.HttpMethod.POST) {
            useSharedHeader(operation, Idempotency.HEADER, "IdempotencyKey");
            APIResponse created = responses.getAPIResponse("201");
            if (created != null) {
                created.addHeader("Location", OASFactory.createHeader().ref("Location"))
                        .addHeader("ETag", OASFactory.createHeader().ref("ETag"))
                        .addHeader("Cache-Control", OASFactory.createHeader().ref("Cache-Control"))
                        .addHeader("Vary", OASFactory.createHeader().ref("Vary"))
                        .addHeader(
                                "Idempotent-Replayed", OASFactory.createHeader().ref("Idempotent-Replayed"));
            }
            hasParams = true;
            responses.addAPIResponse("409", OASFactory.createAPIResponse().ref("Conflict"));
            responses.addAPIResponse("415", OASFactory.createAPIResponse().ref("UnsupportedMediaType"));
            responses.addAPIResponse("422", OASFactory.createAPIResponse().ref("Unprocessable"));
        }
        Object ifMatch = operation.getExtensions() == null
                ? null
                : operation.getExtensions().get(IF_MATCH);
        if (ifMatch != null) {
            // Method-level @Extension lands on the operation and on its request body and responses; it is ours only.
            operation.removeExtension(IF_MATCH);
            if (operation.getRequestBody() != null && operation.getRequestBody().getExtensions() != null) {
                operation.getRequestBody().removeExtension(IF_MATCH);
            }
            if (responses.getAPIResponses() != null) {
                responses.getAPIResponses().values().stream()
                        .filter(r -> r.getExtensions() != null)
                        .forEach(r -> r.removeExtension(IF_MATCH));
            }
            boolean required = REQUIRED.equals(ifMatch);
            useSharedHeader(operation, "If-Match", required ? "IfMatch" : "IfMatchOptional");
            if (required) {
                responses.addAPIResponse("428", OASFactory.createAPIResponse().ref("PreconditionRequired"));
            }
            responses.addAPIResponse("412", OASFactory.createAPIResponse().ref("PreconditionFailed"));
            responses.addAPIResponse("409", OASFactory.createAPIResponse().ref("Conflict"));
        }
        if (method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.PATCH) {
            APIResponse ok = responses.getAPIResponse("200");
            if (ok != null) {
                ok.addHeader("ETag", OASFactory.createHeader().ref("ETag"));
            }
            responses.addAPIResponse("415", OASFactory.createAPIResponse().ref("UnsupportedMediaType"));
        }
        if (operation.getRequestBody() != null) {
            // api.input.BodyLimits: every body has a size limit, judged on its Content-Length.
            responses.addAPIResponse("411", OASFactory.createAPIResponse().ref("LengthRequired"));
            responses.addAPIResponse("413", OASFactory.createAPIResponse().ref("ContentTooLarge"));
        }
        APIResponse accepted = responses.getAPIResponse("202");
        if (accepted != null) {
            accepted.addHeader("Location", OASFactory.createHeader().ref("Location"))
                    .addHeader("Retry-After", OASFactory.createHeader().ref("Retry-After"));
        }
        boolean export =
                operation.getOperationId() != null && operation.getOperationId().startsWith("export");
        if (export) {
            // Streamed downloads: no ETag (the body is not buffered to hash it), so no 304 either.
            APIResponse ok = responses.getAPIResponse("200");
            if (ok != null) {
                ok.addHeader("Content-Disposition", OASFactory.createHeader().ref("Content-Disposition"));
            }
        } else if (method == PathItem.HttpMethod.GET) {
            operation.addParameter(OASFactory.createParameter().ref("IfNoneMatch"));
            APIResponse ok = responses.getAPIResponse("200");
            if (ok != null) {
                ok.addHeader("ETag", OASFactory.createHeader().ref("ETag"))
                        .addHeader("Cache-Control", OASFactory.createHeader().ref("Cache-Control"))
                        .addHeader("Vary", OASFactory.createHeader().ref("Vary"));
                if (operation.getOperationId() != null
                        && operation.getOperationId().startsWith("list")) {
                    ok.addHeader("Link", OASFactory.createHeader().ref("Link"));
                }
            }
            responses.addAPIResponse("304", OASFactory.createAPIResponse().ref("NotModified"));
        }
        if (hasParams) {
            responses.addAPIResponse("400", OASFactory.createAPIResponse().ref("BadRequest"));
        }
        if (hasPathParams) {
            responses.addAPIResponse("404", OASFactory.createAPIResponse().ref("NotFound"));
        }
        responses.addAPIResponse("405", OASFactory.createAPIResponse().ref("MethodNotAllowed"));
        responses.addAPIResponse("406", OASFactory.createAPIResponse().ref("NotAcceptable"));
        responses.addAPIResponse("429", OASFactory.createAPIResponse().ref("TooManyRequests"));
        responses.addAPIResponse("500", OASFactory.createAPIResponse().ref("InternalError"));
        responses.addAPIResponse("503", OASFactory.createAPIResponse().ref("ServiceUnavailable"));
        responses.getAPIResponses().values().stream()
                .filter(r -> r.getRef() == null)
                .forEach(ContractFilter::addTracingHeaders);
        responses.getAPIResponses().values().forEach(ContractFilter::withRateLimitHeaders);
    }
}
