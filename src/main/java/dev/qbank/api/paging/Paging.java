package dev.qbank.api.paging;

import dev.qbank.api.ApiConfig;
import dev.qbank.api.Link;
import dev.qbank.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cursor pagination for every collection: parses {@code limit} and {@code cursor}, and turns a {@link Slice} into
 * the page envelope and its RFC 8288 {@code Link} header (absolute URLs; rels next, prev and first).
 */
@ApplicationScoped
public class Paging {

    private final CursorCodec codec;
    private final ApiConfig config;

    public Paging(CursorCodec codec, ApiConfig config) {
        this.codec = codec;
        this.config = config;
    }

    /** A page as it goes on the wire: the body and the value of its Link header. */
    public record Paged<T>(Page<T> body, String linkHeader) {}

    /**
     * The page a collection's {@link PageParams} ask for. The cursor's scope is the route (see
     * {@link PageParams#collection}) and {@code filters}, each in a canonical form such as {@code category=&tag=}: a
     * cursor is only accepted by the route and filters that issued it.
     */
    public PageRequest request(PageParams params, String... filters) {
        String scope = params.collection() + (filters.length == 0 ? "" : "?" + String.join("&", filters));
        return request(scope, params.limit, params.cursor);
    }

    /** The page envelope and Link header of {@code slice}, with links to the route {@code params} came with. */
    public <T> Paged<T> page(PageParams params, PageRequest request, Slice<T> slice, Function<T, List<Object>> keyOf) {
        return page(params.uri, request, slice, keyOf);
    }

    /**
     * @param scope  the collection and its filters, e.g. {@code questions?category=databases}; a cursor is only
     *               accepted by the query that issued it
     * @param limit  the raw {@code limit} query parameter, or null
     * @param cursor the raw {@code cursor} query parameter, or null
     */
    private PageRequest request(String scope, String limit, String cursor) {
        int max = config.pagination().maxLimit();
        int size = config.pagination().defaultLimit();
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidParam("limit", "must be an integer from 1 to " + max);
            }
            if (size < 1 || size > max) {
                throw ProblemException.invalidParam("limit", "must be an integer from 1 to " + max);
            }
        }
        Optional<Cursor> decoded =
                cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(codec.decode(scope, cursor));
        return new PageRequest(scope, size, decoded);
    }

    private <T> Paged<T> page(UriInfo uri, PageRequest request, Slice<T> slice, Function<T, List<Object>> keyOf) {
        String next = null;
        String prev = null;
        if (!slice.items().isEmpty()) {
            if (slice.hasNext()) {
                next = codec.encode(
                        request.scope(),
                        Cursor.after(keyOf.apply(slice.items().get(slice.items().size() - 1))));
            }
            if (slice.hasPrev()) {
                prev = codec.encode(
                        request.scope(), Cursor.before(keyOf.apply(slice.items().get(0))));
            }
        }
        Map<String, URI> targets = new LinkedHashMap<>();
        targets.put("self", uri.getRequestUri());
        if (next != null) {
            targets.put("next", withCursor(uri, next));
        }
        if (prev != null) {
            targets.put("prev", withCursor(uri, prev));
        }
        targets.put("first", withCursor(uri, null));

        Map<String, Link> links = new LinkedHashMap<>();
        List<String> header = new ArrayList<>();
        targets.forEach((rel, target) -> {
            links.put(rel, Link.to(relative(target)));
            if (!rel.equals("self")) {
                header.add("<" + target.toASCIIString() + ">; rel=\"" + rel + "\"");
            }
        });
        Page<T> body =
                new Page<>(slice.items(), new Page.PageInfo(request.limit(), slice.hasNext(), next, prev), links);
        return new Paged<>(body, String.join(", ", header));
    }

    private static URI withCursor(UriInfo uri, String cursor) {
        UriBuilder builder = uri.getRequestUriBuilder();
        URI target = cursor == null
                ? builder.replaceQueryParam("cursor").build()
                : builder.replaceQueryParam("cursor", cursor).build();
        // UriBuilder leaves "?" behind when it removes the only parameter.
        String text = target.toString();
        return text.endsWith("?") ? URI.create(text.substring(0, text.length() - 1)) : target;
    }

    private static String relative(URI target) {
        return target.getRawQuery() == null ? target.getRawPath() : target.getRawPath() + "?" + target.getRawQuery();
    }
}
