package dev.qbank.root;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The hypermedia entry point: from here a client can discover every collection. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "root", description = "The API root.")
public class RootResource {

    /** The API root on the wire. */
    @Schema(name = "ApiRoot")
    public record ApiRoot(
            @Schema(example = "qbank") String name,
            @Schema(example = "v1") String version,
            String description,

            @Schema(ref = "Links", description = "Every collection and the API's documentation.")
            @JsonProperty("_links")
            Map<String, Link> links) {}

    private final Representations representations;

    public RootResource(Representations representations) {
        this.representations = representations;
    }

    @GET
    @APIResponse(
            responseCode = "200",
            description = "The API root.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiRoot.class)))
    @Operation(operationId = "getRoot", summary = "The API root, with links to every collection")
    public Response root(@Context Request request, @Context HttpHeaders headers) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.to("/v1"));
        links.put("questions", Link.to("/v1/questions"));
        links.put("categories", Link.to("/v1/categories"));
        links.put("openapi", Link.to("/q/openapi"));
        links.put("docs", Link.to("/q/swagger-ui"));
        ApiRoot root = new ApiRoot(
                "qbank",
                "v1",
                "A bank of 40 backend-engineering interview questions, served by an API that demonstrates questions 1-10 live.",
                links);
        return representations.ok(request, headers, root, CachePolicy.PUBLIC).build();
    }
}
