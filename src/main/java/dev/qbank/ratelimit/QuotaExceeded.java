package dev.qbank.ratelimit;

import dev.qbank.api.problem.Problem;

/**
 * The 429 problem of draft-ietf-httpapi-ratelimit-headers-11 section 5.1: its registered type and the
 * {@code violated-policies} member naming the exhausted quotas.
 */
final class QuotaExceeded {

    static final String TYPE = "https://iana.org/assignments/http-problem-types#quota-exceeded";
    static final int STATUS = 429;

    private QuotaExceeded() {}

    static Problem problem(Decision decision, String path) {
        long retryAfter = decision.retryAfterSeconds();
        return new Problem(
                        TYPE,
                        "Request cannot be satisfied as assigned quota has been exceeded",
                        STATUS,
                        "Too many requests under the "
                                + String.join(
                                        " and ",
                                        decision.violatedPolicies().stream()
                                                .map(p -> "'" + p + "'")
                                                .toList())
                                + " policy; retry in " + retryAfter + (retryAfter == 1 ? " second" : " seconds")
                                + " (Retry-After). The RateLimit header shows what is left.")
                .with("violated-policies", decision.violatedPolicies())
                .withInstance(path);
    }
}
