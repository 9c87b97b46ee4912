package dev.qbank.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * PostgreSQL text cannot hold U+0000, so a value carrying one would fail in the database as a 500. Path and query
 * parameters are checked here, once for every route; body fields by {@link #NONE} on the request records.
 */
public class NulCharacters {

    /** For {@code @Pattern} on request fields: any text without U+0000. */
    public static final String NONE = "^[^\\x00]*$";
    public static final String REASON = "must not contain the NUL character (U+0000)";

    @ServerRequestFilter
    public void refuseNulCharacters(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters());
        check(request.getUriInfo().getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    throw ProblemException.invalidParam(parameter.getKey(), REASON);
                }
            }
        }
    }
}
