package dev.qbank.question;

import java.util.Arrays;
import java.util.Optional;

/** How hard a question is, as the bank grades it. Lower-case on the wire and in the database. */
public enum Difficulty {
    JUNIOR,
    MID,
    SENIOR;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Difficulty> fromWire(String value) {
        return Arrays.stream(values()).filter(d -> d.wire().equals(value)).findFirst();
    }
}
