package dev.qbank.quiz;

import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/quizzes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "quizzes", description = "Quizzes that never repeat a question until you reset your pool.")
public class QuizResource {

    private final QuizService quizzes;
    private final Caller caller;
    private final Representations representations;

    public QuizResource(QuizService quizzes, Caller caller, Representations representations) {
        this.quizzes = quizzes;
        this.caller = caller;
        this.representations = representations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "createQuiz", summary = "Draw a quiz of questions you have not been served before")
    @APIResponse(
            responseCode = "201",
            description = "The quiz; `Location` names it. `pool_exhausted` is true when it drew the "
                    + "last unserved questions matching its filters (it may then hold fewer than requested). When none remain, the "
                    + "answer is a 409 `quiz-pool-exhausted` problem.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = QuizViews.QuizView.class)))
    @RolesAllowed(Roles.USER)
    @Idempotent
    public Response create(
            @RequestBody(
                            required = false,
                            description = "Optional: an empty body asks for 10 questions of the whole bank.")
                    @Valid
                    QuizViews.QuizRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UUID userId = caller.userId();
        QuizViews.QuizRequest request = QuizViews.QuizRequest.orDefault(body);
        QuizViews.QuizView quiz = quizzes.create(userId, request);
        return representations
                .withStatus(Response.Status.CREATED, quiz, CachePolicy.PRIVATE)
                .location(Locations.of(uri, QuizViews.QuizView.path(quiz.id())))
                .build();
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "getQuiz",
            summary = "One of your quizzes, with which of its questions you have attempted since")
    @APIResponse(
            responseCode = "200",
            description = "The quiz.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = QuizViews.QuizView.class)))
    @RolesAllowed(Roles.USER)
    public Response get(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        return representations
                .ok(request, headers, quizzes.get(userId, id), CachePolicy.PRIVATE)
                .build();
    }

    @POST
    @Path("/reset")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "resetQuizPool", summary = "Return every question you were served to your pool")
    @APIResponse(
            responseCode = "200",
            description = "Your pool is the whole bank again.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = QuizViews.ResetView.class)))
    @RolesAllowed(Roles.USER)
    @Idempotent
    public Response reset(@HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        UUID userId = caller.userId();
        return representations
                .withStatus(Response.Status.OK, quizzes.reset(userId), CachePolicy.PRIVATE)
                .build();
    }
}
