package dev.qbank.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.api.openapi.ContractFilter;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's own FSRS-6 parameters: fitted to their answers by an asynchronous job, or set directly. Its own class
 * at its full path, like {@link ProgressResource} (Quarkus REST picks one resource class by the longest class path).
 */
@Path("/v1/users/me/fsrs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "review", description = ProgressResource.TAG)
public class FsrsFitResource {

    /** Seconds a client should wait before polling a fit that is not finished. */
    static final String POLL_AFTER = "2";

    private final FsrsFitService fits;
    private final Caller caller;
    private final Representations representations;
    private final ObjectMapper mapper;

    public FsrsFitResource(FsrsFitService fits, Caller caller, Representations representations, ObjectMapper mapper) {
        this.fits = fits;
        this.caller = caller;
        this.representations = representations;
        this.mapper = mapper;
    }

    @POST
    @Path("/fits")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "createFsrsFit",
            summary = "Fit your FSRS-6 parameters to your answers: answered at once with a job to poll",
            description = "Needs at least `qbank.fsrs.fit.min-reviews` (400) usable reviews, answers at least a day "
                    + "after your previous answer to the same question; with fewer, a 409 `not-enough-reviews` "
                    + "problem says how many you have (`reviews`) and need (`min_reviews`). One fit at a time: while "
                    + "one is pending or running, another is a 409 `conflict` naming it (`job`). A succeeded fit "
                    + "becomes your current parameters and your cards are replayed with them.")
    @APIResponse(
            responseCode = "202",
            description = "Accepted. Poll `Location` (after `Retry-After` seconds) until `status` is `succeeded` or "
                    + "`failed`.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = FsrsFitViews.FitJobView.class)))
    @RolesAllowed(Roles.USER)
    @Idempotent
    public Response createFit(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Context UriInfo uri) {
        FsrsFitViews.FitJobView job = fits.submit(caller.userId());
        return representations
                .withStatus(Response.Status.ACCEPTED, job, CachePolicy.PRIVATE)
                .location(Locations.of(uri, FsrsFitViews.FitJobView.path(job.id())))
                .header("Retry-After", POLL_AFTER)
                .build();
    }

    @GET
    @Path("/fits/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getFsrsFit", summary = "One of your fit jobs: its status and, once done, its result")
    @APIResponse(
            responseCode = "200",
            description = "The job. While it is pending or running, `Retry-After` says when to poll again.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = FsrsFitViews.FitJobView.class)))
    @RolesAllowed(Roles.USER)
    public Response getFit(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        FsrsFitViews.FitJobView job = fits.job(caller.userId(), id);
        Response.ResponseBuilder response = representations.ok(request, headers, job, CachePolicy.PRIVATE);
        return job.finished()
                ? response.build()
                : response.header("Retry-After", POLL_AFTER).build();
    }

    @GET
    @Path("/parameters")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "getFsrsParameters",
            summary = "Your current FSRS-6 parameters (version 0, the defaults, until a fit or a PUT)")
    @APIResponse(
            responseCode = "200",
            description = "Your parameters; `ETag` is what a PUT's If-Match names.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = FsrsFitViews.ParametersView.class)))
    @RolesAllowed(Roles.USER)
    public Response getParameters(@Context Request request, @Context HttpHeaders headers) {
        return representations
                .ok(request, headers, fits.current(caller.userId()), CachePolicy.PRIVATE)
                .build();
    }

    @PUT
    @Path("/parameters")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.REQUIRED)
    @Operation(
            operationId = "putFsrsParameters",
            summary =
                    "Set your FSRS-6 parameters: 21 weights within their bounds, as a new version (If-Match required)",
            description = "Each weight is checked against FSRS-6's published bounds; a fault is a 400 naming "
                    + "`weights[i]` and its bounds. Your cards are replayed with the new weights before the answer.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = FsrsFitViews.ParametersWrite.class)))
    @APIResponse(
            responseCode = "200",
            description = "Set; `ETag` is the new entity tag.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = FsrsFitViews.ParametersView.class)))
    @RolesAllowed(Roles.USER)
    public Response putParameters(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body)
            throws JsonProcessingException {
        FsrsFitViews.ParametersView set = fits.set(caller.userId(), ifMatch, mapper.readTree(body == null ? "" : body));
        return representations
                .withStatus(Response.Status.OK, set, CachePolicy.PRIVATE)
                .build();
    }
}
