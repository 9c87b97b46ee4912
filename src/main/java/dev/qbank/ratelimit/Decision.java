package dev.qbank.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * What the limiter decided for one request: for each policy that applied, whether a token was taken and what is
 * left. Renders the RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11 sections 3 and 4),
 * Retry-After (RFC 9110 section 10.2.3) and the optional GitHub-style X-RateLimit-* fields.
 * <p>
 * The effective window {@code t} is the number of seconds until the next token comes back (rounded up): the draft
 * defines it as the time "within which the client can use no more than the available quota", and with a bucket that
 * refills token by token that is exactly what holds. So on a 429, {@code t} equals Retry-After, as the draft asks
 * (Retry-After not earlier than the end of the effective window). When the quota is full again is what
 * {@code X-RateLimit-Reset} says, for clients that want it.
 */
public final class Decision {

    /** One policy's outcome. {@code nanosToFull}: until the bucket is full; {@code nanosToRetry}: until a refused request may succeed. */
    record Outcome(
            Charge charge, BucketStore store, boolean consumed, long remaining, long nanosToFull, long nanosToRetry) {

        static Outcome of(Charge charge, BucketStore.Taken taken) {
            ConsumptionProbe probe = taken.probe();
            return new Outcome(
                    charge,
                    taken.store(),
                    probe.isConsumed(),
                    probe.getRemainingTokens(),
                    probe.getNanosToWaitForReset(),
                    probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill());
        }

        Policy policy() {
            return charge.policy();
        }

        /** The token given back: one more left, and the bucket that much nearer to full. */
        Outcome refunded() {
            long capacity = policy().limit();
            long left = Math.min(capacity, remaining + 1);
            long toFull = left == capacity ? 0 : Math.max(0, nanosToFull - policy().nanosPerToken());
            return new Outcome(charge, store, consumed, left, toFull, nanosToRetry);
        }

        long nanosToNextToken() {
            if (!consumed) {
                return nanosToRetry;
            }
            long perToken = policy().nanosPerToken();
            long partial = nanosToFull % perToken;
            return partial == 0 ? perToken : partial;
        }
    }

    private final List<Outcome> outcomes;
    private final long decidedAtMillis;
    private final boolean allowed;

    Decision(List<Outcome> outcomes, long decidedAtMillis) {
        this.outcomes = List.copyOf(outcomes);
        this.decidedAtMillis = decidedAtMillis;
        boolean all = true;
        for (Outcome outcome : this.outcomes) {
            all &= outcome.consumed();
        }
        this.allowed = all;
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    public boolean allowed() {
        return allowed;
    }

    /** Names of the policies whose quota is exhausted (the problem's {@code violated-policies}). */
    public List<String> violatedPolicies() {
        return outcomes.stream()
                .filter(o -> !o.consumed())
                .map(o -> o.policy().name())
                .toList();
    }

    /** Seconds until the refused request may be retried. */
    public long retryAfterSeconds() {
        return outcomes.stream()
                .filter(o -> !o.consumed())
                .mapToLong(o -> seconds(o.nanosToRetry()))
                .max()
                .orElse(0);
    }

    /** The decision once a 304 has given its tokens back (conditional requests that hit are free). */
    Decision refunded() {
        List<Outcome> refunded = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            refunded.add(outcome.consumed() ? outcome.refunded() : outcome);
        }
        return new Decision(refunded, decidedAtMillis);
    }

    /** E.g. {@code "anonymous";q=60;w=60}. */
    public String policyHeader() {
        if (outcomes.size() == 1) {
            return outcomes.get(0).policy().header();
        }
        StringBuilder header = new StringBuilder(32 * outcomes.size());
        for (Outcome outcome : outcomes) {
            if (header.length() > 0) {
                header.append(", ");
            }
            header.append(outcome.policy().header());
        }
        return header.toString();
    }

    /** E.g. {@code "anonymous";r=57;t=1}. */
    public String rateLimitHeader() {
        if (outcomes.size() == 1) {
            Outcome outcome = outcomes.get(0);
            return outcome.policy().remainingPrefix() + outcome.remaining() + ";t="
                    + seconds(outcome.nanosToNextToken());
        }
        StringBuilder header = new StringBuilder(32 * outcomes.size());
        for (Outcome outcome : outcomes) {
            if (header.length() > 0) {
                header.append(", ");
            }
            header.append(outcome.policy().remainingPrefix())
                    .append(outcome.remaining())
                    .append(";t=")
                    .append(seconds(outcome.nanosToNextToken()));
        }
        return header.toString();
    }

    /** The policy the X-RateLimit-* fields describe: a violated one, else the one with the least left. */
    Outcome tightest() {
        Outcome tightest = null;
        for (Outcome outcome : outcomes) {
            if (tightest == null
                    || (!outcome.consumed() && tightest.consumed())
                    || (outcome.consumed() == tightest.consumed() && outcome.remaining() < tightest.remaining())) {
                tightest = outcome;
            }
        }
        return tightest;
    }

    /** X-RateLimit-Reset: when the tightest bucket is full again, in seconds since the epoch (as GitHub sends it). */
    long resetEpochSeconds() {
        return (decidedAtMillis + (tightest().nanosToFull() + 999_999) / 1_000_000 + 999) / 1000;
    }

    /** Whole seconds, rounded up, at least 1: a client told 0 would retry at once. */
    static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999) / 1_000_000_000);
    }
}
