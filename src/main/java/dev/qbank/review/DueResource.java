package dev.qbank.review;

import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

/** The caller's review queue (its own class at its full path, for the reason {@link ProgressResource} gives). */
@Path("/v1/users/me/due")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "review", description = ProgressResource.TAG)
public class DueResource {

    private final ReviewService reviews;
    private final Caller caller;
    private final Paging paging;
    private final Representations representations;

    public DueResource(ReviewService reviews, Caller caller, Paging paging, Representations representations) {
        this.reviews = reviews;
        this.caller = caller;
        this.paging = paging;
        this.representations = representations;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "listDue",
            summary =
                    "Your review queue: questions due now by their SM-2 schedule, soonest first, then new ones by number")
    @APIResponse(
            responseCode = "200",
            description = "A page of your review queue.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "DuePage")))
    @RolesAllowed(Roles.USER)
    public Response due(
            @QueryParam("include_new") String includeNew,
            @BeanParam PageParams pageParams,
            @Context Request request,
            @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        DueFilter filter = DueFilter.of(includeNew);
        PageRequest page = paging.request(pageParams, filter.scope());
        Paging.Paged<DueView> paged =
                paging.page(pageParams, page, reviews.due(userId, filter, page, Instant.now()), DueView::cursorKey);
        return representations
                .okPage(request, headers, paged, CachePolicy.PRIVATE)
                .build();
    }
}
