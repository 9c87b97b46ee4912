package dev.qbank.api;

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

    private static final Map<String, ParameterDoc> PARAMETERS = Map.of(
            "limit", new ParameterDoc("Page size, 1 to 100.",
                    OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.ONE)
                            .maximum(java.math.BigDecimal.valueOf(100)).defaultValue(20), 7),
            "cursor", new ParameterDoc("Opaque cursor from a previous page's `next_cursor` or `prev_cursor` (or its Link header). "
                    + "Bound to the query's filters; an altered or foreign cursor is a 400 `invalid-cursor` problem.",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(1024), null),
            "category", new ParameterDoc("Only questions of this category (slug).",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING), "databases"),
            "tag", new ParameterDoc("Only questions carrying this tag.",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(64), "caching"),
            "difficulty", new ParameterDoc("Only questions of this difficulty.",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(List.of("junior", "mid", "senior")), "senior"),
            "number", new ParameterDoc("The question's global number (1-40 for the seeded bank).",
                    OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.ONE), 8),
            "slug", new ParameterDoc("The category's slug.",
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING), "rest-apis"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                decorate(entry.getKey(), entry.getValue());
            }
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
    }
}
