package dev.qbank.api.deprecation;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Adds the deprecation headers to every response of an endpoint marked {@link DeprecatedEndpoint}. */
public class DeprecationHeaders {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    @ServerResponseFilter
    public void addDeprecationHeaders(ResourceInfo resource, ContainerResponseContext response) {
        if (resource == null || resource.getResourceMethod() == null) {
            return;
        }
        DeprecatedEndpoint deprecated = resource.getResourceMethod().getAnnotation(DeprecatedEndpoint.class);
        if (deprecated == null) {
            deprecated = resource.getResourceClass().getAnnotation(DeprecatedEndpoint.class);
        }
        if (deprecated == null) {
            return;
        }
        // RFC 9745: the value is a Structured Field Date, "@" followed by seconds since the epoch.
        response.getHeaders()
                .add("Deprecation", "@" + Instant.parse(deprecated.since()).getEpochSecond());
        if (!deprecated.sunset().isEmpty()) {
            // RFC 8594: an HTTP-date, in the IMF-fixdate form of RFC 9110 section 5.6.7.
            response.getHeaders()
                    .add(
                            "Sunset",
                            IMF_FIXDATE.format(
                                    Instant.parse(deprecated.sunset()).atOffset(ZoneOffset.UTC)));
        }
        response.getHeaders().add("Link", "<" + deprecated.link() + ">; rel=\"deprecation\"; type=\"text/html\"");
    }
}
