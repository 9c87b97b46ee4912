package dev.qbank.graphql;

import java.util.Locale;

/**
 * The media types of GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/, "Media Types", "Accept",
 * "Body"): which one a response is sent in, judged from the request's Accept header (RFC 9110 section 12.5.1), and
 * whether a POST body is in the one request type the spec defines, {@code application/json} in UTF-8.
 */
final class GraphQLMediaTypes {

    /** The spec's preferred response type: its status codes say what happened, whoever else is on the way. */
    static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
    /** The legacy response type, and the only request type. */
    static final String JSON = "application/json";

    private GraphQLMediaTypes() {}

    /**
     * The response media type for this Accept header, or null when it accepts neither of ours (a 406). The type with
     * the higher quality wins; at equal quality a type named outright beats one a wildcard covers, then the one named
     * first. A missing Accept, {@code *}{@code /*} and {@code application/*} get {@code application/json}: the default
     * the spec's audit (graphql-http) and its reference server use, and what clients written before the spec expect
     * (the spec's watershed paragraph would default a missing Accept to application/graphql-response+json since
     * 2025; docs/graphql.md says why we do not). A range whose charset is not UTF-8 does not match.
     */
    static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        Match graphql = match(accept, GRAPHQL_RESPONSE);
        Match json = match(accept, JSON);
        if (graphql.quality <= 0 && json.quality <= 0) {
            return null;
        }
        if (graphql.quality != json.quality) {
            return graphql.quality > json.quality ? GRAPHQL_RESPONSE : JSON;
        }
        if (graphql.specificity != json.specificity) {
            return graphql.specificity > json.specificity ? GRAPHQL_RESPONSE : JSON;
        }
        return graphql.position < json.position ? GRAPHQL_RESPONSE : JSON;
    }

    /**
     * Why a POST body with this Content-Type is not read, or null when it is {@code application/json} in UTF-8 (the
     * charset may be left out). Nothing else is read: the spec requires no other request type, and every other one a
     * browser may send cross-site without a CORS preflight ({@code text/plain}, forms) is one less door.
     */
    static String unreadable(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "it has no Content-Type";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(JSON)) {
            return "its Content-Type is " + parts[0].trim();
        }
        for (int i = 1; i < parts.length; i++) {
            String charset = charset(parts[i]);
            if (charset != null && !utf8(charset)) {
                return "its charset is " + charset;
            }
        }
        return null;
    }

    /** How well a media range list accepts one type: the quality and specificity of its most specific range. */
    private record Match(double quality, int specificity, int position) {}

    private static Match match(String accept, String type) {
        Match best = new Match(0, -1, Integer.MAX_VALUE);
        String[] ranges = accept.split(",");
        for (int position = 0; position < ranges.length; position++) {
            String[] parts = ranges[position].split(";");
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            int specificity = range.equals(type) ? 2 : range.equals("application/*") ? 1 : range.equals("*/*") ? 0 : -1;
            if (specificity <= best.specificity) {
                continue; // not a match, or less specific than one found (RFC 9110: the most specific range counts)
            }
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].split("=", 2);
                String name = parameter[0].trim().toLowerCase(Locale.ROOT);
                if (name.equals("q") && parameter.length == 2) {
                    quality = quality(parameter[1].trim());
                }
                String charset = charset(parts[i]);
                if (charset != null && !utf8(charset)) {
                    quality = 0;
                }
            }
            best = new Match(quality, specificity, position);
        }
        return best;
    }

    /** An RFC 9110 qvalue; one that is not a number counts as 0 (not acceptable), never as a preference. */
    private static double quality(String value) {
        try {
            double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String charset(String parameter) {
        String[] pair = parameter.split("=", 2);
        if (pair.length != 2 || !pair[0].trim().equalsIgnoreCase("charset")) {
            return null;
        }
        String value = pair[1].trim();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static boolean utf8(String charset) {
        return charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }
}
