package dev.qbank.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * New primary keys for every table keyed by a UUID: version 7 (RFC 9562), time-ordered, so that inserts land at the
 * right edge of the primary-key index and ids sort by creation.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

    private Ids() {}

    public static UUID newId() {
        return UUID_V7.generate();
    }
}
