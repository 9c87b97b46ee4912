package dev.qbank.user;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which scheduler sets a learner's due dates: FSRS-6 (the default for new learners) or SM-2. */
public enum SchedulerChoice {
    FSRS,
    SM2;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SchedulerChoice> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
