package dev.superpose.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericSequenceTest {
    private static final double EPS = 1e-12;

    private static List<Double> values(String hocon) {
        ConfigValue value = ConfigFactory.parseString("x = " + hocon).getValue("x");
        return NumericSequence.values("x", value).stream().map(v -> ((Number) v.unwrapped()).doubleValue()).toList();
    }

    private static void assertValues(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "length of " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), EPS * Math.max(1, Math.abs(expected.get(i))), "term " + i);
        }
    }

    @Test
    void plainListIsTakenAsWritten() {
        assertValues(List.of(1.0, 0.1, 0.01), values("[1, 0.1, 0.01]"));
    }

    @Test
    void linspaceIncludesBothEnds() {
        assertValues(List.of(1.0, 1.5, 2.0, 2.5, 3.0), values("{ linspace = [1, 3, 5] }"));
        assertValues(List.of(3.0, 1.0), values("{ linspace = [3, 1, 2] }"));
    }

    @Test
    void singleTermIsTheStart() {
        assertValues(List.of(7.0), values("{ linspace = [7, 9, 1] }"));
        assertValues(List.of(7.0), values("{ geomspace = [7, 9, 1] }"));
    }

    @Test
    void logspaceIsTenToTheLinspace() {
        assertValues(List.of(1.0, Math.sqrt(10), 10.0), values("{ logspace = [0, 1, 3] }"));
    }

    @Test
    void geomspaceMatchesTheTmsFeatureProbabilities() {
        // 50^-linspace(0, 1, 8): 0.02^(k/7), hand-computed with Python
        List<Double> p = values("{ geomspace = [1, 0.02, 8] }");
        assertValues(List.of(1.0, 0.5718603679678214, 0.327024280452292, 0.1870122253538597,
                0.10694488000533933, 0.06115753843212784, 0.03497357243180281, 0.02), p);
        assertEquals(1.0, p.get(0), 0.0, "first term is exactly the start");
        assertEquals(0.02, p.get(7), 0.0, "last term is exactly the end");
        for (int i = 1; i < p.size(); i++) {
            assertEquals(0.5718603679678214, p.get(i) / p.get(i - 1), 1e-12, "constant ratio at " + i);
        }
    }

    @Test
    void geomspaceOfNegativeEndsStaysNegative() {
        assertValues(List.of(-1.0, -10.0, -100.0), values("{ geomspace = [-1, -100, 3] }"));
    }

    @Test
    void geomspaceRejectsZeroAndMixedSigns() {
        for (String bad : List.of("{ geomspace = [0, 1, 3] }", "{ geomspace = [-1, 1, 3] }")) {
            SettingException e = assertThrows(SettingException.class, () -> values(bad));
            assertEquals("x.geomspace", e.path());
            assertTrue(e.problem().contains("non-zero and of the same sign"), e.problem());
        }
    }

    @Test
    void countMustBeAPositiveInteger() {
        for (String bad : List.of("{ linspace = [0, 1, 0] }", "{ linspace = [0, 1, 2.5] }", "{ linspace = [0, 1] }",
                "{ linspace = [0, one, 3] }")) {
            SettingException e = assertThrows(SettingException.class, () -> values(bad), bad);
            assertTrue(e.problem().startsWith("expected [from, to, n] with numbers from, to and an integer n in [1, "),
                    e.problem());
        }
    }

    @Test
    void exactlyOneFormIsAllowed() {
        SettingException e = assertThrows(SettingException.class,
                () -> values("{ linspace = [0, 1, 3], logspace = [0, 1, 3] }"));
        assertEquals("x", e.path());
        assertTrue(e.problem().contains("linspace | logspace | geomspace"), e.problem());
        assertThrows(SettingException.class, () -> values("0.5"));
    }
}
