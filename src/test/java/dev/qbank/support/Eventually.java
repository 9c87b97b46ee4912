package dev.qbank.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assertions;

/** Waits for something asynchronous (a delivery, a job) to happen, polling; fails the test after the timeout. */
public final class Eventually {

    private Eventually() {}

    public static void within(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Assertions.fail("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
    }
}
