package dev.qbank.api.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** The current request's id and trace id, for problem bodies and logs. */
@ApplicationScoped
public class RequestContext {

    /** Where ResponseHeaders keeps the request id on the Vert.x RoutingContext. */
    public static final String REQUEST_ID = "qbank.request-id";

    private final CurrentVertxRequest current;

    public RequestContext(CurrentVertxRequest current) {
        this.current = current;
    }

    public String requestId() {
        RoutingContext ctx = current.getCurrent();
        return ctx == null ? null : ctx.get(REQUEST_ID);
    }

    /** The W3C trace id of the server span serving this request, or null when there is none. */
    public static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
