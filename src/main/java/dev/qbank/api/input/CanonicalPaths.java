package dev.qbank.api.input;

import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemResponses;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.api.tracing.ResponseHeaders;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Only canonical request paths reach anything: the router serves {@code /v1/./users}, {@code //v1/users},
 * {@code /v1/%75sers}, {@code /v1/users;x=1} and {@code /q/../v1/questions} as the plain path, while a control that
 * reads the path as sent (the rate limiter's sign-up policy and its exemption of {@code /q/}, say) would see another
 * one. So every spelling the router would rewrite is refused first, with a {@code 400 non-canonical-path} problem that
 * names the plain path: dot segments (also percent-encoded), empty segments, matrix parameters ({@code ;}), a
 * backslash, and percent-encodings of letters, digits, {@code - . _ ~}, {@code /}, {@code \} and
 * {@code %} itself (none of which need encoding). One trailing slash is allowed (Swagger UI lives at
 * {@code /q/swagger-ui/}); what compares paths treats it as absent. Case is not rewritten by the router
 * ({@code /V1/users} is a 404), so it needs nothing here.
 *
 * <p>A Vert.x filter just after {@link ResponseHeaders} (so the refusal has its request id and headers) and before
 * every other filter and route, GraphQL's included. The rate limiter charges the refusal first (as anonymous, by
 * client address), with a filter of its own just before this one: a refusal costs a token like any other answer.
 */
@ApplicationScoped
public class CanonicalPaths {

    private final ProblemResponses responses;

    public CanonicalPaths(ProblemResponses responses) {
        this.responses = responses;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 950);
    }

    void check(RoutingContext ctx) {
        String path = ctx.request().path();
        String why = path == null ? "it is missing" : flaw(path);
        if (why == null) {
            ctx.next();
            return;
        }
        String plain = plain(ctx.normalizedPath());
        Problem problem = Problem.of(
                        ProblemType.NON_CANONICAL_PATH,
                        "The request path is not in canonical form (" + why + "); request " + plain + " instead.")
                .with("canonical_path", plain)
                .withInstance(plain);
        responses.send(ctx, problem);
    }

    /** Why the raw path is not canonical, or null when it is. */
    public static String flaw(String path) {
        if (!path.startsWith("/")) {
            return "it does not start with /";
        }
        int n = path.length();
        int segmentStart = 1;
        for (int i = 1; i <= n; i++) {
            char c = i < n ? path.charAt(i) : '/';
            if (c == '/') {
                String segment = path.substring(segmentStart, i);
                if (segment.isEmpty() && i < n) {
                    return "an empty segment, //";
                }
                if (segment.equals(".") || segment.equals("..")) {
                    return "a dot segment, " + segment;
                }
                segmentStart = i + 1;
            } else if (c == ';') {
                return "a matrix parameter, ;";
            } else if (c == '\\') {
                return "a backslash";
            } else if (c == '%') {
                if (i + 2 >= n
                        || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return "a % that is no percent-encoding";
                }
                char decoded = (char) Integer.parseInt(path.substring(i + 1, i + 3), 16);
                if (needsNoEncoding(decoded) || decoded == '/' || decoded == '\\' || decoded == '%') {
                    return "an encoded " + (decoded == '.' ? "dot" : "'" + decoded + "'") + ", "
                            + path.substring(i, i + 3);
                }
                i += 2;
            }
        }
        return null;
    }

    /** RFC 3986's unreserved characters: percent-encoding one of them only hides it. */
    private static boolean needsNoEncoding(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /** The plain path the router would serve: Vert.x's normalized path, without empty segments and matrix parameters. */
    static String plain(String normalized) {
        if (normalized == null || normalized.isEmpty()) {
            return "/";
        }
        StringBuilder plain = new StringBuilder();
        for (String segment : normalized.split("/")) {
            int matrix = segment.indexOf(';');
            String name = matrix < 0 ? segment : segment.substring(0, matrix);
            if (!name.isEmpty()) {
                plain.append('/').append(name);
            }
        }
        return plain.length() == 0 ? "/" : plain.toString();
    }
}
