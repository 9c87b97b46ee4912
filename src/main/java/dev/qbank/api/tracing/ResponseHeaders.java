package dev.qbank.api.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What every response carries, whatever served it (REST resources, health, OpenAPI, unknown routes): the request
 * id, the W3C {@code traceresponse}, and the security headers. Also writes the one access-log line per request.
 * Runs as the first Vert.x filter, so it wraps everything else.
 */
@ApplicationScoped
public class ResponseHeaders {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Accepted client request ids: at most 128 characters of [A-Za-z0-9._-]; anything else is replaced. */
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** API responses are JSON for programs, never pages: nothing may be loaded, framed or run from them. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /**
     * The study web app (static files under /app/, docs/study-app.md) is a page: it may load its own module scripts,
     * stylesheets and images and call the API on this origin, and nothing else: nothing inline, nothing from elsewhere.
     */
    static final String APP_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'none'";

    private static final Logger ACCESS = Logger.getLogger("qbank.access");
    private static final SecureRandom RANDOM = new SecureRandom();

    void register(@Observes Filters filters) {
        filters.register(this::handle, 1000);
    }

    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String offered = request.getHeader(REQUEST_ID_HEADER);
        String requestId = offered != null && SANE_REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
        ctx.put(RequestContext.REQUEST_ID, requestId);
        MDC.put("request_id", requestId);
        SpanContext span = Span.current().getSpanContext();
        HttpServerResponse response = ctx.response();
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = response.headers();
            headers.set(REQUEST_ID_HEADER, requestId);
            if (span.isValid()) {
                // W3C Trace Context Level 2: version-traceid-(server span id)-flags.
                headers.set(
                        "traceresponse",
                        "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                                + span.getTraceFlags().asHex());
            }
            // Quarkus's CORS echoes the request's Origin. Any origin may call us, without credentials, so the answer is
            // the same for all of them: "*". An echoed origin on a public, cacheable response would let a shared cache
            // serve one site's Access-Control-Allow-Origin to another (unless every response said Vary: Origin).
            if (headers.contains("Access-Control-Allow-Origin")) {
                headers.set("Access-Control-Allow-Origin", "*");
                headers.remove("Access-Control-Allow-Credentials"); // "false" is not a value the Fetch standard knows
            }
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            if (request.path().startsWith("/app/")) {
                headers.set("Content-Security-Policy", APP_CSP);
                if (response.getStatusCode() < 300 || response.getStatusCode() == 304) {
                    // The app's files have no version in their names: a browser revalidates them on every load
                    // (Last-Modified, a 304), so a new release is used at once and never mixed with the old one.
                    headers.set("Cache-Control", "no-cache");
                }
            } else if (!request.path().startsWith("/q/swagger-ui")) {
                headers.set("Content-Security-Policy", API_CSP);
            }
            if (request.isSSL()) {
                headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
        });
        // On the body's end rather than the response's: the GraphQL handler replaces the response's end handler
        // with its own, which would silently drop the access-log line of every /graphql request.
        ctx.addBodyEndHandler(v -> {
            long micros = (System.nanoTime() - start) / 1000;
            MDC.put("request_id", requestId);
            MDC.put("method", request.method().name());
            MDC.put("path", request.path());
            MDC.put("status", Integer.toString(response.getStatusCode()));
            MDC.put("duration_ms", millis(micros, 3));
            if (span.isValid()) {
                MDC.put("traceId", span.getTraceId());
                MDC.put("spanId", span.getSpanId());
            }
            // The line is written as it is, with no format to parse: String.format and the log thread's printf cost
            // more than the rest of the line (a twentieth of a cached page's CPU).
            ACCESS.info(request.method().name() + " " + request.path() + " " + response.getStatusCode() + " "
                    + millis(micros, 1) + "ms");
            MDC.remove("method");
            MDC.remove("path");
            MDC.remove("status");
            MDC.remove("duration_ms");
        });
        ctx.next();
    }

    /**
     * {@code micros} in milliseconds with 1 or 3 decimals, rounded half up: what {@code String.format("%.1f")} and
     * {@code "%.3f"} write for {@code micros / 1000.0}, without a Formatter.
     */
    static String millis(long micros, int decimals) {
        long unit = decimals == 3 ? 1 : 100;
        long scaled = (micros + unit / 2) / unit;
        long whole = scaled / (decimals == 3 ? 1000 : 10);
        String fraction = Long.toString(scaled % (decimals == 3 ? 1000 : 10));
        return whole + "." + "00".substring(0, decimals - fraction.length()) + fraction;
    }

    private static String newRequestId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
