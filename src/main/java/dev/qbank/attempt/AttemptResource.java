package dev.qbank.attempt;

import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/attempts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "attempts", description = "A learner's answers: recorded idempotently, private to their author.")
public class AttemptResource {

    private final AttemptService attempts;
    private final Caller caller;
    private final Paging paging;
    private final Representations representations;

    public AttemptResource(AttemptService attempts, Caller caller, Paging paging, Representations representations) {
        this.attempts = attempts;
        this.caller = caller;
        this.paging = paging;
        this.representations = representations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "recordAttempt",
            summary = "Record an answer to a question (idempotent with Idempotency-Key)")
    @APIResponse(
            responseCode = "201",
            description = "Recorded; `Location` names the new attempt.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = AttemptViews.AttemptView.class)))
    @RolesAllowed(Roles.USER)
    @Idempotent
    public Response record(
            @Valid @NotNull AttemptViews.AttemptRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UUID userId = caller.userId();
        AttemptViews.AttemptView attempt = attempts.record(userId, body);
        return representations
                .withStatus(Response.Status.CREATED, attempt, CachePolicy.PRIVATE)
                .location(Locations.of(uri, AttemptViews.AttemptView.path(attempt.id())))
                .build();
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listAttempts", summary = "Your attempts, newest first")
    @APIResponse(
            responseCode = "200",
            description = "A page of your attempts.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "AttemptPage")))
    @RolesAllowed(Roles.USER)
    public Response list(
            @QueryParam("question") String question,
            @QueryParam("category") String category,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @BeanParam PageParams pageParams,
            @Context Request request,
            @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        AttemptFilter filter = AttemptFilter.of(question, category, since, until);
        PageRequest page = paging.request(pageParams, filter.scope());
        Paging.Paged<AttemptViews.AttemptView> paged =
                paging.page(pageParams, page, attempts.list(userId, filter, page), AttemptService::cursorKey);
        return representations
                .okPage(request, headers, paged, CachePolicy.PRIVATE)
                .build();
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getAttempt", summary = "One of your attempts")
    @APIResponse(
            responseCode = "200",
            description = "The attempt.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = AttemptViews.AttemptView.class)))
    @RolesAllowed(Roles.USER)
    public Response get(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        return representations
                .ok(request, headers, attempts.get(userId, id), CachePolicy.PRIVATE)
                .build();
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // a 204 has no representation: any Accept will do (errors are problem+json)
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "deleteAttempt",
            summary = "Delete one of your attempts (the review schedule is recomputed)")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @RolesAllowed(Roles.USER)
    public Response delete(@PathParam("id") UUID id) {
        attempts.delete(caller.userId(), id);
        return Response.noContent().build();
    }
}
