package dev.qbank.api;

import java.math.BigDecimal;
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
 * and the problem responses. Resources only declare what is theirs (their 200 body).
 */
public class ContractFilter implements OASFilter {

    private record ParameterDoc(String description, Schema schema, Object example) {
    }

    private static final Map<String, ParameterDoc> PARAMETERS = Map.ofEntries(
            Map.entry("limit", doc("Page size, 1 to 100.", integer().maximum(BigDecimal.valueOf(100)).defaultValue(20), 7)),
            Map.entry("cursor", doc("Opaque cursor from a previous page's `next_cursor` or `prev_cursor` (or its Link header). "
                    + "Bound to the query's filters; an altered or foreign cursor is a 400 `invalid-cursor` problem.",
                    string().maxLength(1024), null)),
            Map.entry("category", doc("Only items of this category (slug).", string().maxLength(64), "databases")),
            Map.entry("tag", doc("Only questions carrying this tag.", string().maxLength(64), "caching")),
            Map.entry("difficulty", doc("Only questions of this difficulty.",
                    string().enumeration(List.of("junior", "mid", "senior")), "senior")),
            Map.entry("number", doc("The question's global number (1-40 for the seeded bank).", integer(), 8)),
            Map.entry("slug", doc("The category's slug.", string().maxLength(64), "rest-apis")),
            Map.entry("question", doc("Only attempts at this question (number).", integer(), 8)),
            Map.entry("since", doc("Only attempts recorded at or after this instant (ISO-8601).", string().format("date-time"),
                    "2026-11-01T00:00:00Z")),
            Map.entry("until", doc("Only attempts recorded before this instant (ISO-8601).", string().format("date-time"),
                    "2026-12-01T00:00:00Z")),
            Map.entry("id", doc("The id, as the API returned it.", string().format("uuid"), "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b")),
            Map.entry("q", doc("Full-text search of the questions' text, tags and notes (PostgreSQL websearch syntax: words, "
                    + "\"quoted phrases\", `or`, `-word`; any input is accepted and searched as the words it holds). Up to 200 "
                    + "characters. Results come best match first, each with `rank` and `highlight`; the filters still apply.",
                    string().maxLength(200), "cache invalidation")),
            Map.entry("count", doc("How many questions, 1 to 40 (default 1). Fewer come back when fewer match.",
                    integer().maximum(BigDecimal.valueOf(40)).defaultValue(1), 5)));

    /** Every response carries the request id and the trace it belongs to. */
    private static void addTracingHeaders(APIResponse response) {
        response.addHeader("X-Request-Id", OASFactory.createHeader().ref("X-Request-Id"))
                .addHeader("traceresponse", OASFactory.createHeader().ref("traceresponse"));
    }

    private static ParameterDoc doc(String description, Schema schema, Object example) {
        return new ParameterDoc(description, schema, example);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static Schema integer() {
        return OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32").minimum(BigDecimal.ONE);
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getResponses() != null) {
            openAPI.getComponents().getResponses().values().forEach(ContractFilter::addTracingHeaders);
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            extendQuestionHit(openAPI.getComponents().getSchemas());
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                decorate(entry.getKey(), entry.getValue());
            }
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
                ParameterDoc doc = PARAMETERS.get(parameter.getName());
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
        boolean protectedOperation = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        // Any request may present a key, and a bad key is refused everywhere.
        responses.addAPIResponse("401", OASFactory.createAPIResponse().ref("Unauthorized"));
        if (protectedOperation) {
            responses.addAPIResponse("403", OASFactory.createAPIResponse().ref("Forbidden"));
        }
        if (method == PathItem.HttpMethod.POST) {
            if (operation.getParameters() != null) {
                // The scanned @HeaderParam gives way to the shared, documented definition.
                operation.getParameters().stream().filter(p -> "Idempotency-Key".equals(p.getName())).toList()
                        .forEach(operation::removeParameter);
            }
            operation.addParameter(OASFactory.createParameter().ref("IdempotencyKey"));
            APIResponse created = responses.getAPIResponse("201");
            if (created != null) {
                created.addHeader("Location", OASFactory.createHeader().ref("Location"))
                        .addHeader("ETag", OASFactory.createHeader().ref("ETag"))
                        .addHeader("Cache-Control", OASFactory.createHeader().ref("Cache-Control"))
                        .addHeader("Vary", OASFactory.createHeader().ref("Vary"))
                        .addHeader("Idempotent-Replayed", OASFactory.createHeader().ref("Idempotent-Replayed"));
            }
            hasParams = true;
            responses.addAPIResponse("409", OASFactory.createAPIResponse().ref("Conflict"));
            responses.addAPIResponse("415", OASFactory.createAPIResponse().ref("UnsupportedMediaType"));
            responses.addAPIResponse("422", OASFactory.createAPIResponse().ref("IdempotencyKeyReused"));
        }
        if (method == PathItem.HttpMethod.GET) {
            operation.addParameter(OASFactory.createParameter().ref("IfNoneMatch"));
            APIResponse ok = responses.getAPIResponse("200");
            if (ok != null) {
                ok.addHeader("ETag", OASFactory.createHeader().ref("ETag"))
                        .addHeader("Cache-Control", OASFactory.createHeader().ref("Cache-Control"))
                        .addHeader("Vary", OASFactory.createHeader().ref("Vary"));
                if (operation.getOperationId() != null && operation.getOperationId().startsWith("list")) {
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
        responses.addAPIResponse("500", OASFactory.createAPIResponse().ref("InternalError"));
        responses.addAPIResponse("503", OASFactory.createAPIResponse().ref("ServiceUnavailable"));
        responses.getAPIResponses().values().stream().filter(r -> r.getRef() == null).forEach(ContractFilter::addTracingHeaders);
    }
}
