package dev.qbank.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.CompletionStage;

/** Where token buckets live. Asynchronous, so that a decision never blocks an event-loop thread. */
interface BucketStore {

    /** Takes one token from the charge's bucket if it has one; the probe says whether, and what is left. */
    CompletionStage<Taken> tryConsume(Charge charge);

    /** Gives a token back (never beyond the bucket's capacity). */
    CompletionStage<Void> refund(Charge charge);

    /** The outcome of a consumption, and the store that decided it (a refund goes back to that same store). */
    record Taken(ConsumptionProbe probe, BucketStore store) {}
}
