package dev.qbank.api.tracing;

import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} (https://www.w3.org/TR/trace-context/) of the current request: the
 * client's, when it sent a valid one, or a new one. Work the request causes later (webhook deliveries) carries it, so
 * a receiver's trace joins the request's. When OpenTelemetry is added, this is where its current span is read.
 */
@RequestScoped
@Unremovable // looked up programmatically by current(), which ArC cannot see
public class TraceContext {

    public static final String HEADER = "traceparent";
    /** version 00, 32 hex trace-id, 16 hex parent-id, 2 hex flags; all-zero ids are invalid. */
    private static final Pattern VALID = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CurrentVertxRequest request;
    private String traceparent;

    public TraceContext(CurrentVertxRequest request) {
        this.request = request;
    }

    public String traceparent() {
        if (traceparent == null) {
            RoutingContext context = request.getCurrent();
            String incoming = context == null ? null : context.request().getHeader(HEADER);
            traceparent = isValid(incoming) ? incoming.trim().toLowerCase(Locale.ROOT) : generate();
        }
        return traceparent;
    }

    /** The current request's traceparent, or a new one outside any request (scheduled work). */
    public static String current() {
        if (Arc.container() != null && Arc.container().requestContext().isActive()) {
            return Arc.container().instance(TraceContext.class).get().traceparent();
        }
        return generate();
    }

    public static boolean isValid(String value) {
        return value != null
                && VALID.matcher(value.trim().toLowerCase(Locale.ROOT)).matches();
    }

    /** A new trace, sampled: {@code 00-<random trace-id>-<random parent-id>-01}. */
    public static String generate() {
        byte[] trace = new byte[16];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(parent);
        trace[0] |= 1;
        parent[0] |= 1;
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(parent) + "-01";
    }
}
