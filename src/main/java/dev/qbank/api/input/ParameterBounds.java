package dev.qbank.api.input;

import dev.qbank.api.openapi.ContractFilter;
import dev.qbank.api.problem.ProblemException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one check of every path and query parameter, before any resource runs: none may hold a NUL character (see
 * {@link NulCharacters}), and none may be longer than the contract says (OWASP API4: a client cannot make us carry an
 * unbounded value into a query): the maxLength {@link ContractFilter} documents for the shared parameters (a slug, a
 * category or tag filter), and a bound on the conditional-request headers. Too long is a 400 naming the input, like
 * any other invalid parameter. Lengths that their resource already checks with its own message (cursor, q, limit, since) are
 * left to it.
 *
 * <p>Non-blocking (it reads only the request line and headers), so it runs on the event loop before a public cache
 * hit is answered there (api.conditional.PublicCacheHits), and before any method's switch to a worker thread.
 */
public class ParameterBounds {

    /** If-Match and If-None-Match: far more entity tags than a client could mean, well under Quarkus's header limit. */
    public static final int MAX_PRECONDITION_CHARS = 8192;

    /** since: an instant for attempts (parsed), a sync token for the change feed (at most 1,024, as a cursor). */
    private static final List<String> CHECKED_BY_THEIR_RESOURCE = List.of("cursor", "q", "limit", "since");

    /** Where this filter runs: before api.conditional.PublicCacheHits, which answers only what passed it. */
    public static final int PRIORITY = Priorities.USER - 200;

    @ServerRequestFilter(nonBlocking = true, priority = PRIORITY)
    public void refuseOversizedInputs(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters());
        check(request.getUriInfo().getQueryParameters());
        for (String header : List.of(HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH)) {
            String value = request.getHeaderString(header);
            if (value != null && value.length() > MAX_PRECONDITION_CHARS) {
                throw ProblemException.invalidParam(
                        header, "must be at most " + MAX_PRECONDITION_CHARS + " characters");
            }
        }
    }

    /** Every value: no NUL ({@link NulCharacters}); the documented ones: no longer than the contract says. */
    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            Integer max = CHECKED_BY_THEIR_RESOURCE.contains(parameter.getKey())
                    ? null
                    : ContractFilter.maxLength(parameter.getKey());
            for (String value : parameter.getValue()) {
                if (value == null) {
                    continue;
                }
                if (value.indexOf('\0') >= 0) {
                    throw ProblemException.invalidParam(parameter.getKey(), NulCharacters.REASON);
                }
                if (max != null && value.length() > max) {
                    throw ProblemException.invalidParam(parameter.getKey(), "must be at most " + max + " characters");
                }
            }
        }
    }
}
