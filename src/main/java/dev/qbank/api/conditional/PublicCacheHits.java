package dev.qbank.api.conditional;

import dev.qbank.api.input.ParameterBounds;
import io.opentelemetry.instrumentation.api.instrumenter.LocalRootSpan;
import io.opentelemetry.semconv.incubating.CodeIncubatingAttributes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Answers a GET (or HEAD) that the {@link PublicCache} holds straight from the event loop, before Quarkus REST hands
 * the request to a worker thread for its (blocking) resource method: a hit is a map lookup, and the hand-over to a
 * worker and back cost more than the rest of the hit together (a fifth of the CPU of a cached page under load). The
 * answer is the one {@link Representations#okPublic} and {@link Representations#okPublicPage} give for the same entry
 * (200 or 304, ETag, Cache-Control, Vary, Link, content coding); every Vert.x filter (request id, the limiter,
 * authentication, CORS, the access log) has run before, and the response filters (deprecation headers, the limiter's
 * refund of a 304) run after, as for any answer. A miss goes on to the method, which fills the cache.
 */
public class PublicCacheHits {

    /**
     * Marks a GET whose answer is a function of its request URI and of the bank alone, given through
     * {@link Representations#okPublic} or {@link Representations#okPublicPage}, and whose checks before the cache
     * lookup read only the URI (its parameters' validation): a URI that is in the cache passed them, so a hit may be
     * answered without running the method. Binds {@link PublicCacheHits#answerFromCache} to the method.
     */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface Cached {}

    private final PublicCache cache;
    private final Representations representations;

    public PublicCacheHits(PublicCache cache, Representations representations) {
        this.cache = cache;
        this.representations = representations;
    }

    /**
     * After {@link ParameterBounds} (which also bounds If-None-Match, a header the cache key does not hold), so a hit is
     * refused where the method would have been. Non-blocking filters must all run before blocking ones, so this one
     * runs before Quarkus's OpenTelemetry filter (a blocking one at {@link Priorities#USER}), and a hit names its method
     * on the server span as that filter would.
     */
    @Cached
    @ServerRequestFilter(nonBlocking = true, priority = ParameterBounds.PRIORITY + 100)
    public Response answerFromCache(Request request, HttpHeaders headers, UriInfo uri, SimpleResourceInfo resource) {
        String method = request.getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return null;
        }
        PublicCache.Entry entry = cache.peek(Representations.cacheKey(uri));
        if (entry == null) {
            return null;
        }
        LocalRootSpan.current()
                .setAttribute(
                        CodeIncubatingAttributes.CODE_FUNCTION_NAME,
                        resource.getResourceClass().getName() + "." + resource.getMethodName());
        return representations.respond(request, headers, entry).build();
    }
}
