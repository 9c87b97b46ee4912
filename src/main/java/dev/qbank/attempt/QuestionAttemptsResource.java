package dev.qbank.attempt;

import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.question.QuestionService;
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
import java.util.List;
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

    public QuestionAttemptsResource(
            AttemptService attempts,
            QuestionService questions,
            Caller caller,
            Paging paging,
            Representations representations) {
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
            description = "A page of your attempts at this question.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "AttemptPage")))
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
        return representations
                .okPage(request, headers, paged, CachePolicy.PRIVATE)
                .build();
    }
}
