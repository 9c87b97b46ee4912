package dev.qbank.category;

import dev.qbank.api.CachePolicy;
import dev.qbank.api.PageRequest;
import dev.qbank.api.Paging;
import dev.qbank.api.Representations;
import dev.qbank.question.QuestionFilter;
import dev.qbank.question.QuestionService;
import dev.qbank.question.QuestionView;
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

@Path("/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "categories", description = "The five topics the bank is organised in.")
public class CategoryResource {

    private final CategoryService categories;
    private final QuestionService questions;
    private final Paging paging;
    private final Representations representations;

    public CategoryResource(CategoryService categories, QuestionService questions, Paging paging, Representations representations) {
        this.categories = categories;
        this.questions = questions;
        this.paging = paging;
        this.representations = representations;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of categories.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "CategoryPage")))
    @Operation(operationId = "listCategories", summary = "List the categories, in display order")
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                         @Context UriInfo uri, @Context Request request, @Context HttpHeaders headers) {
        PageRequest page = paging.request("categories", limit, cursor);
        Paging.Paged<CategoryView> paged = paging.page(uri, page, categories.list(page), c -> List.of(c.position()));
        return representations.okPage(request, headers, paged, CachePolicy.PUBLIC).build();
    }

    @GET
    @Path("/{slug}")
    @APIResponse(responseCode = "200", description = "The category.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CategoryView.class)))
    @Operation(operationId = "getCategory", summary = "Get one category")
    public Response get(@PathParam("slug") String slug, @Context Request request, @Context HttpHeaders headers) {
        return representations.ok(request, headers, categories.get(slug), CachePolicy.PUBLIC).build();
    }

    @GET
    @Path("/{slug}/questions")
    @APIResponse(responseCode = "200", description = "A page of the category's questions.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "QuestionPage")))
    @Operation(operationId = "listCategoryQuestions", summary = "List the questions of one category, by number")
    public Response questions(@PathParam("slug") String slug,
                              @QueryParam("tag") String tag, @QueryParam("difficulty") String difficulty,
                              @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                              @Context UriInfo uri, @Context Request request, @Context HttpHeaders headers) {
        categories.require(slug);
        QuestionFilter filter = QuestionFilter.of(slug, tag, difficulty);
        PageRequest page = paging.request("categories/" + slug + "/questions?" + filter.scope(), limit, cursor);
        Paging.Paged<QuestionView> paged = paging.page(uri, page, questions.list(filter, page), q -> List.of(q.number()));
        return representations.okPage(request, headers, paged, CachePolicy.PUBLIC).build();
    }
}
