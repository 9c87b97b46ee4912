package dev.qbank.changes;

import dev.qbank.api.conditional.Representations;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The change feed for clients that keep a copy of the bank (docs/sync.md): every change to questions and categories
 * after a sync token, in commit order. Public, like the bank.
 */
@Path("/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes", description = "What changed in the bank since a sync token: for clients that keep a copy.")
public class ChangeResource {

    private final ChangeFeed feed;
    private final Paging paging;
    private final Representations representations;

    public ChangeResource(ChangeFeed feed, Paging paging, Representations representations) {
        this.feed = feed;
        this.paging = paging;
        this.representations = representations;
    }

    @GET
    @Operation(
            operationId = "listChanges",
            summary = "The changes to questions and categories after a sync token, in commit order",
            description =
                    "Without `since`, the feed from its beginning (the whole bank, while nothing has been pruned). "
                            + "Follow `next_cursor` to the last page and keep its `sync_token` for next time. A token older "
                            + "than the retention window (30 days by default) is a 410 `sync-token-expired` problem whose "
                            + "`sync_token` to read on from once the bank is downloaded again.")
    @APIResponse(
            responseCode = "200",
            description = "A page of changes, oldest first, and the token to read on from.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ChangePage")))
    @APIResponse(
            responseCode = "410",
            description = "The token is older than the retention window: download the bank again, then read on "
                    + "from the problem's `sync_token`.",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response list(
            @QueryParam("since") String since,
            @BeanParam PageParams pageParams,
            @Context UriInfo uri,
            @Context Request request,
            @Context HttpHeaders headers) {
        PageRequest page = paging.request(pageParams);
        // A cursor continues a read that started at since; without either, the feed starts at its beginning.
        long after = page.cursor()
                .or(() -> paging.cursor(page.scope(), "since", since))
                .map(cursor -> cursor.longAt(0))
                .orElse(0L);
        return representations
                .okPublicPage(
                        request,
                        headers,
                        uri,
                        () -> paging.page(
                                pageParams,
                                page,
                                feed.after(new ChangeFeed.Position(after), page, sequence -> token(page, sequence)),
                                change -> List.of(change.sequence())),
                        body -> ChangePage.of(body, token(page, lastSequence(body.data(), after))))
                .build();
    }

    private String token(PageRequest page, long sequence) {
        return paging.after(page, List.of(sequence));
    }

    private static long lastSequence(List<?> changes, long start) {
        return changes.isEmpty() ? start : ((ChangeView) changes.get(changes.size() - 1)).sequence();
    }
}
