package dev.qbank.question;

import dev.qbank.api.CachePolicy;
import dev.qbank.attempt.AttemptFilter;
import dev.qbank.attempt.AttemptService;
import dev.qbank.attempt.AttemptViews;
import dev.qbank.user.Caller;
import dev.qbank.api.PageRequest;
import dev.qbank.api.Paging;
import dev.qbank.api.ProblemException;
import dev.qbank.api.Representations;
import jakarta.ws.rs.GET;
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
import dev.qbank.api.Link;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/questions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "questions", description = "The interview questions, by global number.")
public class QuestionResource {

    private final QuestionService questions;
    private final QuestionSearch search;
    private final RandomQuestions random;
    private final AttemptService attempts;
    private final Caller caller;
    private final Paging paging;
    private final Representations representations;

    public QuestionResource(QuestionService questions, QuestionSearch search, RandomQuestions random, AttemptService attempts,
                            Caller caller, Paging paging, Representations representations) {
        this.questions = questions;
        this.search = search;
        this.random = random;
        this.attempts = attempts;
        this.caller = caller;
        this.paging = paging;
        this.representations = representations;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of questions, by number; with `q`, a page of search hits, "
            + "best match first, each with its `rank` and `highlight`.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "QuestionSearchPage")))
    @Operation(operationId = "listQuestions", summary = "List the questions by number, optionally filtered, or search them with q")
    public Response list(@QueryParam("q") String searchText, @QueryParam("category") String category, @QueryParam("tag") String tag,
                         @QueryParam("difficulty") String difficulty,
                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                         @Context UriInfo uri, @Context Request request, @Context HttpHeaders headers) {
        QuestionFilter filter = QuestionFilter.of(category, tag, difficulty);
        SearchQuery query = SearchQuery.of(searchText);
        if (query != null) {
            PageRequest page = paging.request("questions?" + filter.scope() + "&" + query.scope(), limit, cursor);
            Paging.Paged<QuestionHit> paged = paging.page(uri, page, search.search(query, filter, page), QuestionSearch::cursorKey);
            return representations.okPage(request, headers, paged, CachePolicy.PUBLIC).build();
        }
        PageRequest page = paging.request("questions?" + filter.scope(), limit, cursor);
        Paging.Paged<QuestionView> paged = paging.page(uri, page, questions.list(filter, page), q -> List.of(q.number()));
        return representations.okPage(request, headers, paged, CachePolicy.PUBLIC).build();
    }

    @GET
    @Path("/random")
    @APIResponse(responseCode = "200", description = "Questions drawn at random (`Cache-Control: no-store`: every request is a new draw).",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RandomQuestions.Sample.class)))
    @Operation(operationId = "drawRandomQuestions", summary = "Draw questions at random, optionally filtered")
    public Response random(@QueryParam("count") String count, @QueryParam("category") String category, @QueryParam("tag") String tag,
                           @QueryParam("difficulty") String difficulty,
                           @Context UriInfo uri, @Context Request request, @Context HttpHeaders headers) {
        QuestionFilter filter = QuestionFilter.of(category, tag, difficulty);
        List<QuestionView> drawn = random.draw(filter, RandomQuestions.count(count));
        Map<String, Link> links = new LinkedHashMap<>();
        java.net.URI self = uri.getRequestUri();
        links.put("self", Link.to(self.getRawQuery() == null ? self.getRawPath() : self.getRawPath() + "?" + self.getRawQuery()));
        links.put("collection", Link.to("/v1/questions"));
        return representations.ok(request, headers, new RandomQuestions.Sample(drawn, links), CachePolicy.NO_STORE).build();
    }

    @GET
    @Path("/{number}")
    @APIResponse(responseCode = "200", description = "The question.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuestionView.class)))
    @Operation(operationId = "getQuestion", summary = "Get one question by its global number")
    public Response get(@PathParam("number") String number, @Context Request request, @Context HttpHeaders headers) {
        return representations.ok(request, headers, questions.get(parseNumber(number)), CachePolicy.PUBLIC).build();
    }

    @GET
    @Path("/{number}/attempts")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listQuestionAttempts", summary = "Your attempts at one question, newest first")
    @APIResponse(responseCode = "200", description = "A page of your attempts at this question.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "AttemptPage")))
    public Response attempts(@PathParam("number") String number,
                             @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                             @Context UriInfo uri, @Context Request request, @Context HttpHeaders headers) {
        int questionNumber = parseNumber(number);
        java.util.UUID userId = caller.requireUser();
        questions.get(questionNumber);
        AttemptFilter filter = AttemptFilter.ofQuestion(questionNumber);
        PageRequest page = paging.request("questions/" + questionNumber + "/attempts", limit, cursor);
        Paging.Paged<AttemptViews.AttemptView> paged = paging.page(uri, page, attempts.list(userId, filter, page),
                a -> List.of(a.id().toString()));
        return representations.okPage(request, headers, paged, CachePolicy.PRIVATE).build();
    }

    static int parseNumber(String raw) {
        try {
            int number = Integer.parseInt(raw);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem
        }
        throw ProblemException.invalidParam("number", "must be a positive integer, such as 8");
    }
}
