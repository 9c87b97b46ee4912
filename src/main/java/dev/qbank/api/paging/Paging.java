package dev.qbank.api.paging;

import dev.qbank.api.ApiConfig;
import dev.qbank.api.Link;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
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
        Integer size = null;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw tooLarge("limit");
            }
        }
        return new PageRequest(scope, size("limit", size), cursor(scope, "cursor", cursor));
    }

    /**
     * A page size as a client gave it (REST's {@code limit}, GraphQL's {@code first} or {@code last}): the default when
     * absent, else 1 to the maximum, or a problem naming {@code parameter}.
     */
    public int size(String parameter, Integer requested) {
        int size = requested == null ? config.pagination().defaultLimit() : requested;
        if (size < 1 || size > config.pagination().maxLimit()) {
            throw tooLarge(parameter);
        }
        return size;
    }

    private ProblemException tooLarge(String parameter) {
        return ProblemException.invalidParam(
                parameter, "must be an integer from 1 to " + config.pagination().maxLimit());
    }

    /**
     * A cursor as a client gave it (REST's {@code cursor}, GraphQL's {@code after} or {@code before}), if any, checked
     * against {@code scope}; a foreign or altered one is an invalid-cursor problem naming {@code parameter}.
     */
    public Optional<Cursor> cursor(String scope, String parameter, String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(scope, token));
        } catch (ProblemException e) {
            if (parameter.equals("cursor")) {
                throw e;
            }
            throw new ProblemException(Problem.of(
                            ProblemType.INVALID_CURSOR,
                            e.problem().getDetail().replace("The cursor", "The " + parameter + " cursor"))
                    .withInvalidParams(List.of(
                            new Problem.InvalidParam(parameter, e.problem().getDetail()))));
        }
    }

    /** The cursor that reads on after {@code key}, the sort key of an item of {@code page}. */
    public String after(PageRequest page, List<Object> key) {
        return codec.encode(page.scope(), Cursor.after(key));
    }

    private <T> Paged<T> page(UriInfo uri, PageRequest request, Slice<T> slice, Function<T, List<Object>> keyOf) {
        String next = null;
        String prev = null;
        if (!slice.items().isEmpty()) {
            if (slice.hasNext()) {
                next = after(
                        request, keyOf.apply(slice.items().get(slice.items().size() - 1)));
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
