package dev.qbank.db;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The loop of a worker over a table of jobs: claim one in a transaction of its own (the claim's UPDATE ... FOR UPDATE
 * SKIP LOCKED commits at once, so other instances skip it), run it outside that transaction, and go on until none is
 * left or {@code max} have run, so that one scheduled run cannot hold its thread for ever.
 */
public final class JobQueue {

    private JobQueue() {}

    /** Returns how many jobs ran. {@code claim} returns null when no job is waiting. */
    public static <J> int drain(int max, Supplier<J> claim, Consumer<J> run) {
        int ran = 0;
        while (ran < max) {
            J job = QuarkusTransaction.requiringNew().call(claim::get);
            if (job == null) {
                break;
            }
            run.accept(job);
            ran++;
        }
        return ran;
    }
}
