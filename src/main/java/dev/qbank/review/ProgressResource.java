package dev.qbank.review;

import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's progress. Its own class at its full path, like {@link DueResource}: Quarkus REST picks one resource
 * class per request by the longest matching class path, so a class at /v1/users/me would take /v1/users/me and its
 * keys away from UserResource.
 */
@Path("/v1/users/me/progress")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "review", description = ProgressResource.TAG)
public class ProgressResource {

    static final String TAG = "Your progress and your review queue (SM-2 spaced repetition).";

    private final ReviewService reviews;
    private final Caller caller;
    private final Representations representations;

    public ProgressResource(ReviewService reviews, Caller caller, Representations representations) {
        this.reviews = reviews;
        this.caller = caller;
        this.representations = representations;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getProgress", summary = "Your progress: per category, overall, and your streak of days")
    @APIResponse(
            responseCode = "200",
            description = "Your progress.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProgressView.class)))
    @RolesAllowed(Roles.USER)
    public Response progress(@Context Request request, @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        return representations
                .ok(request, headers, reviews.progress(userId, Instant.now()), CachePolicy.PRIVATE)
                .build();
    }
}
