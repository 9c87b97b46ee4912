package dev.qbank.category;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.api.input.InstantParameters;
import dev.qbank.api.media.MergePatch;
import dev.qbank.api.openapi.ContractFilter;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "categories", description = "The five topics the bank is organised in.")
public class CategoryResource {

    private final CategoryService categories;
    private final CategoryWriteService writes;
    private final Paging paging;
    private final Representations representations;
    private final ObjectMapper mapper;

    public CategoryResource(
            CategoryService categories,
            CategoryWriteService writes,
            Paging paging,
            Representations representations,
            ObjectMapper mapper) {
        this.categories = categories;
        this.writes = writes;
        this.paging = paging;
        this.representations = representations;
        this.mapper = mapper;
    }

    @GET
    @APIResponse(
            responseCode = "200",
            description = "A page of categories.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "CategoryPage")))
    @Operation(operationId = "listCategories", summary = "List the categories, in display order")
    public Response list(
            @QueryParam("updated_since") String updatedSince,
            @BeanParam PageParams pageParams,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        Instant since = InstantParameters.parse("updated_since", updatedSince);
        PageRequest page =
                since == null ? paging.request(pageParams) : paging.request(pageParams, "updated_since=" + since);
        return representations
                .okPublicPage(
                        request,
                        headers,
                        uri,
                        () -> paging.page(pageParams, page, categories.list(since, page), c -> List.of(c.position())))
                .build();
    }

    @GET
    @Path("/{slug}")
    @APIResponse(
            responseCode = "200",
            description = "The category.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CategoryView.class)))
    @Operation(operationId = "getCategory", summary = "Get one category")
    public Response get(
            @PathParam("slug") String slug,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        return representations
                .okPublic(request, headers, uri, () -> categories.get(slug))
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "createCategory", summary = "Add a category (admin)")
    @APIResponse(
            responseCode = "201",
            description = "Added; `Location` names it.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CategoryView.class)))
    @RolesAllowed(Roles.ADMIN)
    @Idempotent
    public Response create(
            @Valid @NotNull CategoryWrite.NewCategory body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        CategoryView created = writes.create(body);
        return representations
                .withStatus(Response.Status.CREATED, created, CachePolicy.PRIVATE)
                .location(Locations.of(uri, CategoryView.path(created.slug())))
                .build();
    }

    @PUT
    @Path("/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.REQUIRED)
    @Operation(
            operationId = "replaceCategory",
            summary = "Replace a category's writable fields (admin; If-Match required)")
    @APIResponse(
            responseCode = "200",
            description = "Replaced; `ETag` is the new entity tag.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CategoryView.class)))
    @RolesAllowed(Roles.ADMIN)
    public Response replace(
            @PathParam("slug") String slug,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull CategoryWrite body) {
        return representations
                .withStatus(Response.Status.OK, writes.replace(slug, ifMatch, body), CachePolicy.PRIVATE)
                .build();
    }

    @PATCH
    @Path("/{slug}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.REQUIRED)
    @Operation(
            operationId = "patchCategory",
            summary = "Change some of a category's fields with a JSON merge patch (admin; If-Match required)")
    @RequestBody(
            required = true,
            description = "An RFC 7396 merge patch of the category's writable fields.",
            content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "CategoryPatch")))
    @APIResponse(
            responseCode = "200",
            description = "Changed; `ETag` is the new entity tag.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CategoryView.class)))
    @RolesAllowed(Roles.ADMIN)
    public Response patch(
            @PathParam("slug") String slug, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body)
            throws JsonProcessingException {
        CategoryView patched = writes.merge(slug, ifMatch, MergePatch.parse(mapper, body));
        return representations
                .withStatus(Response.Status.OK, patched, CachePolicy.PRIVATE)
                .build();
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // a 204 has no representation: any Accept will do (errors are problem+json)
    @Path("/{slug}")
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.OPTIONAL)
    @Operation(
            operationId = "deleteCategory",
            summary = "Delete an empty category (admin); one that holds questions is a 409")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        writes.delete(slug, ifMatch);
        return Response.noContent().build();
    }
}
