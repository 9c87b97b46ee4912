package dev.qbank.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces the bounds the contract gives the shared inputs (OWASP API4: a client cannot make us carry an unbounded
 * value into a query): the maxLength of the path and query parameters {@link ContractFilter} documents (a slug, a
 * category or tag filter), and of the conditional-request headers. Too long is a 400 naming the input, like any other
 * invalid parameter. Parameters that their resource already checks with its own message (cursor, q, limit) are left
 * to it.
 */
public class ParameterBounds {

    /** If-Match and If-None-Match: far more entity tags than a client could mean, well under Quarkus's header limit. */
    public static final int MAX_PRECONDITION_CHARS = 8192;

    private static final List<String> CHECKED_BY_THEIR_RESOURCE = List.of("cursor", "q", "limit");

    @ServerRequestFilter
    public void refuseOversizedInputs(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters());
        check(request.getUriInfo().getQueryParameters());
        for (String header : List.of(HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH)) {
            String value = request.getHeaderString(header);
            if (value != null && value.length() > MAX_PRECONDITION_CHARS) {
                throw ProblemException.invalidParam(header, "must be at most " + MAX_PRECONDITION_CHARS + " characters");
            }
        }
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (CHECKED_BY_THEIR_RESOURCE.contains(parameter.getKey())) {
                continue;
            }
            Integer max = ContractFilter.maxLength(parameter.getKey());
            if (max == null) {
                continue;
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.length() > max) {
                    throw ProblemException.invalidParam(parameter.getKey(), "must be at most " + max + " characters");
                }
            }
        }
    }
}
