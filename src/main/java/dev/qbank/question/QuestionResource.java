package dev.qbank.question;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Link;
import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.PublicCacheHits;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.api.media.Downloads;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/questions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "questions", description = "The interview questions, by global number.")
public class QuestionResource {

    private final QuestionService questions;
    private final QuestionWriteService writes;
    private final QuestionSearch search;
    private final RandomQuestions random;
    private final Paging paging;
    private final Representations representations;
    private final ObjectMapper mapper;

    public QuestionResource(
            QuestionService questions,
            QuestionWriteService writes,
            QuestionSearch search,
            RandomQuestions random,
            Paging paging,
            Representations representations,
            ObjectMapper mapper) {
        this.questions = questions;
        this.writes = writes;
        this.search = search;
        this.random = random;
        this.paging = paging;
        this.representations = representations;
        this.mapper = mapper;
    }

    @GET
    @APIResponse(
            responseCode = "200",
            description = "A page of questions, by number; with `q`, a page of search hits, "
                    + "best match first, each with its `rank` and `highlight`.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "QuestionSearchPage")))
    @Operation(
            operationId = "listQuestions",
            summary = "List the questions by number, optionally filtered, or search them with q")
    @PublicCacheHits.Cached
    public Response list(
            @QueryParam("q") String searchText,
            @QueryParam("category") String category,
            @QueryParam("tag") String tag,
            @QueryParam("difficulty") String difficulty,
            @QueryParam("updated_since") String updatedSince,
            @BeanParam PageParams pageParams,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        QuestionFilter filter = QuestionFilter.of(category, tag, difficulty, updatedSince);
        SearchQuery query = SearchQuery.of(searchText);
        if (query != null) {
            PageRequest page = paging.request(pageParams, filter.scope(), query.scope());
            return representations
                    .okPublicPage(
                            request,
                            headers,
                            uri,
                            () -> paging.page(
                                    pageParams, page, search.search(query, filter, page), QuestionSearch::cursorKey))
                    .build();
        }
        PageRequest page = paging.request(pageParams, filter.scope());
        return representations
                .okPublicPage(
                        request,
                        headers,
                        uri,
                        () -> paging.page(pageParams, page, questions.list(filter, page), q -> List.of(q.number())))
                .build();
    }

    @GET
    @Path("/export")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", MediaType.TEXT_PLAIN})
    @Operation(
            operationId = "exportQuestions",
            summary = "Download the bank (or a filtered part) as JSON, CSV or an Anki import file")
    @APIResponse(
            responseCode = "200",
            description = "The questions in number order, streamed as an attachment. `json`: an "
                    + "array of questions. `csv`: RFC 4180 with a header row (number, category, text, tags, difficulty, notes; tags "
                    + "space-separated), which POST /v1/imports reads back. `anki`: tab-separated with Anki's file headers "
                    + "(front = text, back = notes, tags, a GUID per question), importable into Anki as is.",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(ref = "QuestionList")),
                @Content(
                        mediaType = "text/csv",
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                @Content(
                        mediaType = "text/plain",
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response export(
            @QueryParam("format") String format,
            @QueryParam("category") String category,
            @QueryParam("tag") String tag,
            @QueryParam("difficulty") String difficulty,
            @QueryParam("updated_since") String updatedSince) {
        Downloads.Format chosen = Downloads.format(
                format, Downloads.Format.JSON, Downloads.Format.JSON, Downloads.Format.CSV, Downloads.Format.ANKI);
        QuestionFilter filter = QuestionFilter.of(category, tag, difficulty, updatedSince);
        questions.checkCategory(filter);
        return Downloads.attachment(
                chosen,
                "qbank-questions",
                QuestionExport.stream(questions, filter, chosen, mapper),
                representations.cacheControl(CachePolicy.PUBLIC),
                CachePolicy.PUBLIC);
    }

    @GET
    @Path("/random")
    @APIResponse(
            responseCode = "200",
            description = "Questions drawn at random (`Cache-Control: no-store`: every request is a new draw).",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RandomQuestions.Sample.class)))
    @Operation(operationId = "drawRandomQuestions", summary = "Draw questions at random, optionally filtered")
    public Response random(
            @QueryParam("count") String count,
            @QueryParam("category") String category,
            @QueryParam("tag") String tag,
            @QueryParam("difficulty") String difficulty,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        QuestionFilter filter = QuestionFilter.of(category, tag, difficulty);
        List<QuestionView> drawn = random.draw(filter, RandomQuestions.count(count));
        Map<String, Link> links = new LinkedHashMap<>();
        java.net.URI self = uri.getRequestUri();
        links.put(
                "self",
                Link.to(self.getRawQuery() == null ? self.getRawPath() : self.getRawPath() + "?" + self.getRawQuery()));
        links.put("collection", Link.to("/v1/questions"));
        return representations
                .ok(request, headers, new RandomQuestions.Sample(drawn, links), CachePolicy.NO_STORE)
                .build();
    }

    @GET
    @Path("/{number}")
    @APIResponse(
            responseCode = "200",
            description = "The question.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuestionView.class)))
    @Operation(operationId = "getQuestion", summary = "Get one question by its global number")
    @PublicCacheHits.Cached
    public Response get(
            @PathParam("number") int number,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        return representations
                .okPublic(request, headers, uri, () -> questions.get(number))
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "createQuestion", summary = "Add a question under the next free number (admin)")
    @APIResponse(
            responseCode = "201",
            description = "Added; `Location` names it and `ETag` is its current entity tag.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuestionView.class)))
    @RolesAllowed(Roles.ADMIN)
    @Idempotent
    public Response create(
            @Valid @NotNull QuestionWrite body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        QuestionView created = writes.create(body);
        return representations
                .withStatus(Response.Status.CREATED, created, CachePolicy.PRIVATE)
                .location(Locations.of(uri, QuestionView.path(created.number())))
                .build();
    }

    @PUT
    @Path("/{number}")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.REQUIRED)
    @Operation(
            operationId = "replaceQuestion",
            summary = "Replace a question's writable fields (admin; If-Match required)")
    @APIResponse(
            responseCode = "200",
            description = "Replaced; `ETag` is the new entity tag.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuestionView.class)))
    @RolesAllowed(Roles.ADMIN)
    public Response replace(
            @PathParam("number") int number,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull QuestionWrite body) {
        QuestionView replaced = writes.replace(number, ifMatch, body);
        return representations
                .withStatus(Response.Status.OK, replaced, CachePolicy.PRIVATE)
                .build();
    }

    @PATCH
    @Path("/{number}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.REQUIRED)
    @Operation(
            operationId = "patchQuestion",
            summary = "Change some of a question's fields with a JSON merge patch (admin; If-Match required)")
    @RequestBody(
            required = true,
            description = "An RFC 7396 merge patch of the question's writable fields; `null` removes "
                    + "an optional field (`notes`, `tags`).",
            content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "QuestionPatch")))
    @APIResponse(
            responseCode = "200",
            description = "Changed; `ETag` is the new entity tag.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuestionView.class)))
    @RolesAllowed(Roles.ADMIN)
    public Response patch(
            @PathParam("number") int number, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body)
            throws JsonProcessingException {
        QuestionView patched = writes.merge(number, ifMatch, MergePatch.parse(mapper, body));
        return representations
                .withStatus(Response.Status.OK, patched, CachePolicy.PRIVATE)
                .build();
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // a 204 has no representation: any Accept will do (errors are problem+json)
    @Path("/{number}")
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.OPTIONAL)
    @Operation(
            operationId = "deleteQuestion",
            summary = "Delete a question (admin): it leaves the bank, learners' attempts at it are kept")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("number") int number, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        writes.delete(number, ifMatch);
        return Response.noContent().build();
    }
}
