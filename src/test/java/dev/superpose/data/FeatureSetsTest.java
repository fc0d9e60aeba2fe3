package dev.superpose.data;

import dev.superpose.config.AnticorrelatedMode;
import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.FeatureSets;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Correlated and anticorrelated feature sets (kinds sparse and lomax): marginal and joint
 * presence frequencies against their targets, within 4 binomial standard deviations.
 */
class FeatureSetsTest {
    private static final int FEATURES = 12;
    private static final int STEPS = 10;
    private static final int BATCH = 2000;
    private static final int N = STEPS * BATCH;

    private static DataConfig data(double p, Magnitude magnitude, FeatureSets sets, DataGenerator kind) {
        return new DataConfig(p, Collections.nCopies(FEATURES, 1.0), magnitude, sets, false, 0, kind);
    }

    private static boolean[][] presence(DataConfig data, long seed) {
        float[] x = Samples.draw(FeatureSampler.of(FEATURES, data, seed), STEPS, BATCH);
        boolean[][] present = new boolean[N][FEATURES];
        for (int r = 0; r < N; r++) {
            for (int f = 0; f < FEATURES; f++) {
                present[r][f] = x[r * FEATURES + f] != 0;
            }
        }
        return present;
    }

    private static long count(boolean[][] present, int i, int j) {
        long n = 0;
        for (boolean[] row : present) {
            n += row[i] && row[j] ? 1 : 0;
        }
        return n;
    }

    /** Two correlated sets of 3 (features 0-2, 3-5), then independent features. */
    @Test
    void correlatedSetMembersArePresentTogetherAndSetsAreIndependent() {
        double p = 0.3;
        boolean[][] present = presence(data(p, Magnitude.UNIFORM, new FeatureSets(2, 0, 3, AnticorrelatedMode.AT_MOST_ONE),
                new DataGenerator.Sparse()), 3);
        for (int f = 0; f < FEATURES; f++) {
            Samples.assertBinomial(p, count(present, f, f), N, "marginal of feature " + f);
        }
        for (boolean[] row : present) {
            assertTrue(row[0] == row[1] && row[1] == row[2] && row[3] == row[4] && row[4] == row[5],
                    "a correlated set is all present or all absent");
        }
        Samples.assertBinomial(p * p, count(present, 1, 4), N, "P(0-set member and 1-set member)");
        Samples.assertBinomial(p * p, count(present, 2, 9), N, "P(set member and independent feature)");
        Samples.assertBinomial(p * p, count(present, 7, 10), N, "P(two independent features)");
    }

    /** Two at-most-one sets of 3 (features 0-2, 3-5). */
    @Test
    void atMostOneSetsHoldOneMemberAtMostAndKeepTheMarginal() {
        double p = 0.25;
        boolean[][] present = presence(data(p, Magnitude.NORMAL, new FeatureSets(0, 2, 3, AnticorrelatedMode.AT_MOST_ONE),
                new DataGenerator.Sparse()), 4);
        for (int f = 0; f < FEATURES; f++) {
            Samples.assertBinomial(p, count(present, f, f), N, "marginal of feature " + f);
        }
        long emptyFirstSet = 0;
        for (boolean[] row : present) {
            int inFirst = (row[0] ? 1 : 0) + (row[1] ? 1 : 0) + (row[2] ? 1 : 0);
            int inSecond = (row[3] ? 1 : 0) + (row[4] ? 1 : 0) + (row[5] ? 1 : 0);
            assertTrue(inFirst <= 1 && inSecond <= 1, "more than one member of a set present");
            emptyFirstSet += inFirst == 0 ? 1 : 0;
        }
        Samples.assertBinomial(1 - 3 * p, emptyFirstSet, N, "P(set empty) = 1 - 3p");
        Samples.assertBinomial(p * p, count(present, 0, 5), N, "P(members of different sets)");
        Samples.assertBinomial(p * p, count(present, 4, 8), N, "P(set member and independent feature)");
    }

    /** Three exactly-one sets of 4 (features 0-3, 4-7, 8-11). */
    @Test
    void exactlyOneSetsHoldExactlyOneUniformMemberInEverySample() {
        boolean[][] present = presence(data(0.05, Magnitude.UNIFORM, new FeatureSets(0, 3, 4, AnticorrelatedMode.EXACTLY_ONE),
                new DataGenerator.Lomax(2)), 5);
        for (boolean[] row : present) {
            for (int set = 0; set < 3; set++) {
                int members = 0;
                for (int m = 4 * set; m < 4 * set + 4; m++) {
                    members += row[m] ? 1 : 0;
                }
                assertEquals(1, members, "members present in set " + set);
            }
        }
        for (int f = 0; f < FEATURES; f++) {
            Samples.assertBinomial(0.25, count(present, f, f), N, "marginal 1/4 of feature " + f);
        }
        Samples.assertBinomial(1.0 / 16, count(present, 1, 6), N, "P(members of different sets)");
        Samples.assertBinomial(1.0 / 16, count(present, 3, 11), N, "P(members of different sets)");
    }

    @Test
    void anAtMostOneSetWithOneOverSizeProbabilityAlwaysHoldsOneMember() {
        boolean[][] present = presence(data(0.5, Magnitude.UNIFORM, FeatureSets.pairs(0, 1), new DataGenerator.Sparse()), 6);
        for (boolean[] row : present) {
            assertTrue(row[0] ^ row[1], "exactly one member of a pair at p = 1/2");
        }
    }

    /**
     * Sets of size 1 take the general path, independent features the branch-free one: the same
     * values either way, for both uniform magnitudes.
     */
    @Test
    void theBranchFreeUniformLoopDrawsWhatTheGeneralPathDraws() {
        for (Magnitude magnitude : new Magnitude[]{Magnitude.UNIFORM, Magnitude.SIGNED_UNIFORM}) {
            FeatureSampler general = FeatureSampler.of(FEATURES, data(0.4, magnitude,
                    new FeatureSets(FEATURES, 0, 1, AnticorrelatedMode.AT_MOST_ONE), new DataGenerator.Sparse()), 8);
            FeatureSampler fast = FeatureSampler.of(FEATURES, data(0.4, magnitude, FeatureSets.NONE, new DataGenerator.Sparse()), 8);
            assertArrayEquals(Samples.draw(general, 2, 500), Samples.draw(fast, 2, 500), magnitude.id());
        }
    }

    @Test
    void rejectsSetsThatDoNotFitOrExclusiveSetsAboveOneOverSize() {
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> FeatureSampler.of(FEATURES,
                data(0.1, Magnitude.UNIFORM, new FeatureSets(2, 1, 5, AnticorrelatedMode.AT_MOST_ONE), new DataGenerator.Sparse()), 1));
        assertEquals("(correlated + anticorrelated sets) * set size must fit in 12 features, got (2 + 1) * 5",
                tooMany.getMessage());
        IllegalArgumentException tooLikely = assertThrows(IllegalArgumentException.class, () -> FeatureSampler.of(FEATURES,
                data(0.3, Magnitude.UNIFORM, new FeatureSets(0, 1, 4, AnticorrelatedMode.AT_MOST_ONE), new DataGenerator.Sparse()), 1));
        assertEquals("anticorrelated sets of 4 with at most one member present need feature probability <= 1/4, got 0.3",
                tooLikely.getMessage());
        // exactly-one sets ignore p
        FeatureSampler.of(FEATURES, data(0.9, Magnitude.UNIFORM, new FeatureSets(0, 1, 4, AnticorrelatedMode.EXACTLY_ONE),
                new DataGenerator.Sparse()), 1);
    }
}
