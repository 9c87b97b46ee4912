package dev.qbank.api.conditional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.ApiConfig;
import dev.qbank.api.paging.Page;
import dev.qbank.api.paging.Paging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds every successful JSON response: serializes the body once, derives a strong ETag from those bytes, and
 * answers a matching If-None-Match with 304 (RFC 9110 section 13.1.2) carrying the same validators and caching
 * headers but no body.
 */
@ApplicationScoped
public class Representations {

    private final ObjectMapper mapper;
    private final ApiConfig config;
    private final PublicCache publicCache;

    public Representations(ObjectMapper mapper, ApiConfig config, PublicCache publicCache) {
        this.mapper = mapper;
        this.config = config;
        this.publicCache = publicCache;
    }

    /** A serialized body and its entity tag. */
    public record Representation(byte[] bytes, String etag) {}

    public Representation of(Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            return new Representation(bytes, etag(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response body could not be serialized", e);
        }
    }

    /** 200 with the body, or 304 when the request's If-None-Match names the current representation. */
    public Response.ResponseBuilder ok(Request request, HttpHeaders headers, Object body, CachePolicy cache) {
        return respond(request, headers, of(body), cache);
    }

    private Response.ResponseBuilder respond(
            Request request, HttpHeaders headers, Representation representation, CachePolicy cache) {
        ContentCoding coding = ContentCoding.negotiate(
                headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING), representation.bytes().length);
        String etag = coding == null ? representation.etag() : coding.tag(representation.etag());
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        boolean safe = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (safe && ifNoneMatch != null && EntityTags.noneMatchFails(ifNoneMatch, etag)) {
            return cacheHeaders(Response.notModified(), etag, cache);
        }
        if (coding == null) {
            return cacheHeaders(Response.ok(representation.bytes(), MediaType.APPLICATION_JSON_TYPE), etag, cache);
        }
        return cacheHeaders(
                Response.ok(coding.encode(representation.bytes()), MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.CONTENT_ENCODING, coding.token()),
                etag,
                cache);
    }

    /** As {@link #ok}, for public data: the representation comes from the {@link PublicCache} when it holds it. */
    public Response.ResponseBuilder okPublic(Request request, HttpHeaders headers, UriInfo uri, Supplier<Object> body) {
        return respond(
                request, headers, publicCache.get(cacheKey(uri), () -> new PublicCache.Entry(of(body.get()), null)));
    }

    /** As {@link #okPage}, for public data, through the {@link PublicCache}. */
    public Response.ResponseBuilder okPublicPage(
            Request request, HttpHeaders headers, UriInfo uri, Supplier<Paging.Paged<?>> page) {
        return okPublicPage(request, headers, uri, page, body -> body);
    }

    /**
     * As {@link #okPublicPage(Request, HttpHeaders, UriInfo, Supplier)}, with a body that {@code envelope} makes of
     * the page (the change feed adds its sync token).
     */
    public Response.ResponseBuilder okPublicPage(
            Request request,
            HttpHeaders headers,
            UriInfo uri,
            Supplier<Paging.Paged<?>> page,
            Function<Page<?>, Object> envelope) {
        return respond(request, headers, publicCache.get(cacheKey(uri), () -> {
            Paging.Paged<?> paged = page.get();
            return new PublicCache.Entry(of(envelope.apply(paged.body())), paged.linkHeader());
        }));
    }

    /** The {@link PublicCache}'s key of a request: its absolute URI (the Link headers it holds are absolute). */
    static String cacheKey(UriInfo uri) {
        return uri.getRequestUri().toString();
    }

    /** The answer to a request for a public entry: its representation, and its Link header if it has one. */
    Response.ResponseBuilder respond(Request request, HttpHeaders headers, PublicCache.Entry entry) {
        // A null Link (a single resource) sets no header.
        return respond(request, headers, entry.representation(), CachePolicy.PUBLIC)
                .header("Link", entry.link());
    }

    /** A page of a collection: the envelope as the body, its neighbours in the Link header. */
    public Response.ResponseBuilder okPage(
            Request request, HttpHeaders headers, Paging.Paged<?> paged, CachePolicy cache) {
        return ok(request, headers, paged.body(), cache).header("Link", paged.linkHeader());
    }

    /** A representation sent with another status (e.g. 201 Created), with its ETag and caching headers. */
    public Response.ResponseBuilder withStatus(Response.Status status, Object body, CachePolicy cache) {
        Representation representation = of(body);
        return cacheHeaders(
                Response.status(status).entity(representation.bytes()).type(MediaType.APPLICATION_JSON_TYPE),
                representation.etag(),
                cache);
    }

    private Response.ResponseBuilder cacheHeaders(Response.ResponseBuilder builder, String etag, CachePolicy cache) {
        return builder.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl(cache))
                .header(HttpHeaders.VARY, cache.vary());
    }

    public String cacheControl(CachePolicy cache) {
        return switch (cache) {
            case PUBLIC -> "public, max-age=" + config.cache().publicMaxAge();
            case PRIVATE -> "private, no-cache";
            case NO_STORE, SECRET -> "no-store";
        };
    }

    static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16))
                    + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
