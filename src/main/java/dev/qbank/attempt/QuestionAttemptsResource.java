package dev.qbank.attempt;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.paging.Page;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.question.QuestionService;
import dev.qbank.review.CardView;
import dev.qbank.review.ReviewService;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's attempts at one question: served here, beside the attempts it reads, at the full path (Quarkus REST
 * matches the longest class path first, so /v1/questions/{number} stays with QuestionResource).
 */
@Path("/v1/questions/{number}/attempts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "questions")
public class QuestionAttemptsResource {

    private final AttemptService attempts;
    private final QuestionService questions;
    private final Caller caller;
    private final Paging paging;
    private final Representations representations;
    private final ReviewService reviews;

    /** The attempts page, and where the learner stands on the question now. */
    public record QuestionAttemptsPage(
            List<AttemptViews.AttemptView> data,
            Page.PageInfo page,
            CardView card,
            @JsonProperty("_links") Map<String, Link> links) {}

    public QuestionAttemptsResource(
            AttemptService attempts,
            QuestionService questions,
            Caller caller,
            Paging paging,
            Representations representations,
            ReviewService reviews) {
        this.reviews = reviews;
        this.attempts = attempts;
        this.questions = questions;
        this.caller = caller;
        this.paging = paging;
        this.representations = representations;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listQuestionAttempts", summary = "Your attempts at one question, newest first")
    @APIResponse(
            responseCode = "200",
            description = "A page of your attempts at this question, and where you stand on it (`card`).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "QuestionAttemptPage")))
    @RolesAllowed(Roles.USER)
    public Response attempts(
            @PathParam("number") int number,
            @BeanParam PageParams pageParams,
            @Context Request request,
            @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        questions.requireEverExisted(number);
        AttemptFilter filter = AttemptFilter.ofQuestion(number);
        PageRequest page = paging.request(pageParams);
        Paging.Paged<AttemptViews.AttemptView> paged =
                paging.page(pageParams, page, attempts.list(userId, filter, page), a -> List.of(a.id().toString()));
        CardView card = reviews.card(userId, number, Instant.now());
        Page<AttemptViews.AttemptView> body = paged.body();
        return representations
                .ok(
                        request,
                        headers,
                        new QuestionAttemptsPage(body.data(), body.page(), card, body.links()),
                        CachePolicy.PRIVATE)
                .header("Link", paged.linkHeader())
                .build();
    }
}
