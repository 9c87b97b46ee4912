package dev.qbank.review.fsrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 21 weights and their published bounds, as py-fsrs's {@code test_scheduler_parameter_validation} checks them. */
class ParametersTest {

    @Test
    void theDefaultsAreTheTwentyOneWeightsOfPyFsrsAndFsrsRs() {
        double[] w = Parameters.DEFAULT.toArray();
        assertEquals(21, w.length);
        assertEquals(0.212, w[0]);
        assertEquals(0.1542, w[20], "FSRS6_DEFAULT_DECAY");
        assertEquals(Parameters.DEFAULT, Parameters.of(w));
    }

    @Test
    void aWeightAboveItsBoundIsRefusedNamingItsIndexValueAndBounds() {
        double[] w = Parameters.DEFAULT.toArray();
        w[6] = 100;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parameters.of(w));
        assertEquals("parameters[6] = 100.0 is outside its bounds [0.001, 4.0]", e.getMessage());
    }

    @Test
    void everyWeightOutOfBoundsIsNamed() {
        double[] w = Parameters.DEFAULT.toArray();
        w[0] = 0;
        w[3] = 101;
        w[10] = -42;
        String message = assertThrows(IllegalArgumentException.class, () -> Parameters.of(w))
                .getMessage();
        assertTrue(message.contains("parameters[0] = 0.0"), message);
        assertTrue(message.contains("parameters[3] = 101.0"), message);
        assertTrue(message.contains("parameters[10] = -42.0"), message);
    }

    @Test
    void anythingButTwentyOneFiniteWeightsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Parameters.of());
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(new double[20]));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(new double[24]));
        double[] w = Parameters.DEFAULT.toArray();
        w[5] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(w));
    }

    @Test
    void clampingMovesEachWeightIntoItsBounds() {
        double[] w = Parameters.DEFAULT.toArray();
        w[7] = 2.0;
        w[20] = 0.0;
        Parameters clamped = Parameters.clamped(w);
        assertEquals(0.75, clamped.w(7));
        assertEquals(0.1, clamped.w(20));
        assertEquals(Parameters.DEFAULT.w(0), clamped.w(0));
    }

    @Test
    void theDefaultsLieWithinTheBounds() {
        for (int i = 0; i < Parameters.COUNT; i++) {
            double w = Parameters.DEFAULT.w(i);
            assertTrue(Parameters.lowerBound(i) <= w && w <= Parameters.upperBound(i), "w" + i);
        }
    }
}
