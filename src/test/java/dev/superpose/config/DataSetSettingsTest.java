package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feature sets, unit norm and fixed training sets: read into the trial's data config, griddable. */
class DataSetSettingsTest {
    @TempDir
    Path dir;

    private DataConfig data(String settings) {
        return SweepFiles.load(dir, SweepFiles.MINIMAL + settings + "\n").trials().get(0).config().data();
    }

    @Test
    void defaultsAreIndependentFreshUnnormalisedSamples() {
        DataConfig data = data("");
        assertEquals(FeatureSets.NONE, data.sets());
        assertEquals(new FeatureSets(0, 0, 2, AnticorrelatedMode.AT_MOST_ONE), data.sets());
        assertFalse(data.unitNorm());
        assertEquals(0, data.datasetSize());
        assertFalse(data.fixedDataset());
    }

    @Test
    void setsAreReadWithTheirSizeAndMode() {
        assertEquals(new FeatureSets(1, 1, 2, AnticorrelatedMode.AT_MOST_ONE),
                data("data { correlated-sets = 1, anticorrelated-sets = 1 }").sets());
        assertEquals(new FeatureSets(0, 1, 3, AnticorrelatedMode.EXACTLY_ONE),
                data("model.features = 6\ndata { anticorrelated-sets = 1, set-size = 3, anticorrelated-mode = exactly-one }")
                        .sets());
    }

    @Test
    void exactlyOneSetsDoNotLimitTheFeatureProbability() {
        // members of an exactly-one set ignore p, so p above 1/set-size is fine there
        DataConfig data = data("data { anticorrelated-sets = 2, anticorrelated-mode = exactly-one, feature-probability = 0.9 }");
        assertEquals(0.9, data.featureProbability());
    }

    @Test
    void setsOnlyBindKindsWithSparsePresence() {
        assertEquals(new FeatureSets(3, 3, 2, AnticorrelatedMode.AT_MOST_ONE),
                data("data { kind = clustered, correlated-sets = 3, anticorrelated-sets = 3 }").sets());
    }

    @Test
    void unitNormAndDatasetSizeAreReadAndGriddable() {
        DataConfig data = data("data { unit-norm = true, dataset-size = 30 }");
        assertTrue(data.unitNorm());
        assertEquals(30, data.datasetSize());
        assertTrue(data.fixedDataset());

        SweepPlan plan = SweepFiles.load(dir, """
                sweep { name = dd, experiment = tms, seeds = [0]
                  grid { "data.dataset-size" = [0, 3, 3000], "data.unit-norm" = [false, true] } }
                """);
        assertEquals(6, plan.trials().size());
        assertEquals(List.of(0, 0, 3, 3, 3000, 3000),
                plan.trials().stream().map(t -> t.config().data().datasetSize()).toList());
        assertEquals(List.of(false, true, false, true, false, true),
                plan.trials().stream().map(t -> t.config().data().unitNorm()).toList());
    }
}
