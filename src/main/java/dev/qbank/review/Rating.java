package dev.qbank.review;

import dev.qbank.review.fsrs.Grade;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How well a learner recalled an answer, in the words of Anki's buttons, and SM-2's quality grade for each. */
public enum Rating {
    AGAIN(1),
    HARD(3),
    GOOD(4),
    EASY(5);

    /** SM-2's response quality q, 0-5; q < 3 is a lapse. */
    final int quality;

    Rating(int quality) {
        this.quality = quality;
    }

    /** The same answer in FSRS's terms (G = 1..4). */
    public Grade grade() {
        return switch (this) {
            case AGAIN -> Grade.AGAIN;
            case HARD -> Grade.HARD;
            case GOOD -> Grade.GOOD;
            case EASY -> Grade.EASY;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Rating> fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst();
    }
}
