package dev.qbank.api.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The access line's durations are written without a Formatter, and read exactly as the Formatter wrote them. */
class AccessLogDurationTest {

    @Test
    void millisAreWhatStringFormatWrites() {
        Random random = new Random(19);
        long[] edges = {0, 1, 49, 50, 51, 99, 100, 949, 950, 999, 1000, 1049, 1050, 1250, 9950, 99_999, 123_456_789};
        for (long micros : edges) {
            assertSame(micros);
        }
        for (int i = 0; i < 100_000; i++) {
            assertSame(random.nextInt(i < 50_000 ? 100_000 : Integer.MAX_VALUE));
        }
    }

    private static void assertSame(long micros) {
        assertEquals(String.format(Locale.ROOT, "%.3f", micros / 1000.0), ResponseHeaders.millis(micros, 3));
        assertEquals(
                String.format(Locale.ROOT, "%.1f", micros / 1000.0), ResponseHeaders.millis(micros, 1), "" + micros);
    }
}
