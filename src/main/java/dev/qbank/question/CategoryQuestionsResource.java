package dev.qbank.question;

import dev.qbank.api.conditional.PublicCacheHits;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.category.CategoryService;
import jakarta.ws.rs.BeanParam;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One category's questions: served here, beside the questions, at the full path (Quarkus REST matches the longest
 * class path first, so /v1/categories/{slug} stays with CategoryResource).
 */
@Path("/v1/categories/{slug}/questions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "categories")
public class CategoryQuestionsResource {

    private final QuestionService questions;
    private final CategoryService categories;
    private final Paging paging;
    private final Representations representations;

    public CategoryQuestionsResource(
            QuestionService questions, CategoryService categories, Paging paging, Representations representations) {
        this.questions = questions;
        this.categories = categories;
        this.paging = paging;
        this.representations = representations;
    }

    @GET
    @APIResponse(
            responseCode = "200",
            description = "A page of the category's questions.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "QuestionPage")))
    @Operation(operationId = "listCategoryQuestions", summary = "List the questions of one category, by number")
    @PublicCacheHits.Cached
    public Response questions(
            @PathParam("slug") String slug,
            @QueryParam("tag") String tag,
            @QueryParam("difficulty") String difficulty,
            @QueryParam("updated_since") String updatedSince,
            @BeanParam PageParams pageParams,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        QuestionFilter filter = QuestionFilter.of(slug, tag, difficulty, updatedSince);
        PageRequest page = paging.request(pageParams, filter.scope());
        return representations
                .okPublicPage(request, headers, uri, () -> {
                    categories.require(slug);
                    return paging.page(pageParams, page, questions.list(filter, page), q -> List.of(q.number()));
                })
                .build();
    }
}
