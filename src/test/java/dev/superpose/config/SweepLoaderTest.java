package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepLoaderTest {
    @TempDir
    Path dir;

    private SweepPlan load(String content, String... overrides) {
        return SweepFiles.load(dir, content, overrides);
    }

    @Test
    void eightProbabilitiesTimesThreeSeedsAreTwentyFourTrialsSeedsInnermost() {
        SweepPlan plan = load("""
                sweep { name = s, experiment = tms, seeds = [0, 1, 2]
                        grid { "data.feature-probability" = { geomspace = [1, 0.02, 8] } } }
                """);
        List<TrialSpec> trials = plan.trials();
        assertEquals(24, trials.size());
        assertEquals(List.of("data.feature-probability"), plan.gridPaths());
        assertEquals("t0000", trials.get(0).trialId());
        assertEquals("t0023", trials.get(23).trialId());
        for (int i = 0; i < trials.size(); i++) {
            TrialSpec trial = trials.get(i);
            assertEquals(i, trial.index());
            assertEquals(i % 3, trial.seed(), "seeds vary fastest");
            assertEquals(trial.seed(), trial.config().seed());
            double expected = Math.pow(0.02, (i / 3) / 7.0);
            assertEquals(expected, trial.config().data().featureProbability(), 1e-12);
            assertEquals(expected, (Double) trial.gridPoint().get("data.feature-probability"), 1e-12);
        }
    }

    @Test
    void crossProductVariesTheLastGridEntryFastest() {
        SweepPlan plan = load("""
                sweep { name = s, experiment = tms, seeds = [7]
                  grid {
                    "model.variant" = [linear, relu-output]
                    "model.hidden" = [1, 2, 3]
                  }
                }
                """);
        assertEquals(List.of("model.variant", "model.hidden"), plan.gridPaths());
        List<String> points = plan.trials().stream()
                .map(t -> t.config().model().variant().id() + "/" + t.config().model().hidden()).toList();
        assertEquals(List.of("linear/1", "linear/2", "linear/3", "relu-output/1", "relu-output/2", "relu-output/3"),
                points);
        assertEquals(List.of("model.variant", "model.hidden"), List.copyOf(plan.trials().get(4).gridPoint().keySet()));
        assertEquals(Map.of("model.variant", "relu-output", "model.hidden", 2), plan.trials().get(4).gridPoint());
    }

    @Test
    void gridOrderIsTheWrittenOrderNotTheHashOrder() {
        // enough keys that a hash map would scramble them; nested and quoted forms mixed
        SweepPlan plan = load("""
                sweep { name = s, experiment = tms, seeds = [0]
                  grid {
                    "train.steps" = [10]
                    data { magnitude = [normal] }
                    "model.hidden" = [1]
                    "train.batch-size" = [4]
                    "data.correlated-sets" = [0]
                    "model.features" = [5]
                  }
                }
                """);
        assertEquals(List.of("train.steps", "data.magnitude", "model.hidden", "train.batch-size",
                "data.correlated-sets", "model.features"), plan.gridPaths());
        SweepPlan oneLine = load("""
                sweep { name = s, experiment = tms, seeds = [0], grid { "train.lr" = [0.1], "data.magnitude" = [normal] } }
                """);
        assertEquals(List.of("train.lr", "data.magnitude"), oneLine.gridPaths(), "keys sharing a line");
    }

    @Test
    void idsWidenBeyondTenThousandTrials() {
        String tenSeeds = IntStream.range(0, 10).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        SweepPlan plan = load("sweep { name = s, experiment = tms, seeds = " + tenSeeds
                + ", grid { \"train.steps\" = { linspace = [1, 1000, 1000] } } }");
        assertEquals(10_000, plan.trials().size());
        assertEquals("t00000", plan.trials().get(0).trialId());
        assertEquals("t09999", plan.trials().get(9_999).trialId());
    }

    @Test
    void noGridIsOnePointPerSeedWithTheDefaults() {
        SweepPlan plan = load(SweepFiles.MINIMAL);
        assertEquals(1, plan.trials().size());
        TrialSpec trial = plan.trials().get(0);
        assertEquals(Map.of(), trial.gridPoint());
        assertEquals(List.of(), plan.gridPaths());
        assertEquals(new RunPolicy(256, 1000, 2), plan.policy());
        TrialConfig c = trial.config();
        assertEquals(new ModelConfig(5, 2, Variant.RELU_OUTPUT), c.model());
        assertEquals(new TrainConfig(5000, 1024, 1e-3, Optimizer.ADAM, 0, Schedule.CONSTANT, 0, 50), c.train());
        assertEquals(0.1, c.data().featureProbability());
        assertEquals(Magnitude.UNIFORM, c.data().magnitude());
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void importanceDecaysGeometrically() {
        SweepPlan plan = load(SweepFiles.MINIMAL + "data.importance-decay = 0.9\n");
        assertImportance(List.of(1.0, 0.9, 0.81, 0.729, 0.6561), plan.trials().get(0).config().data().importance());
        plan = load(SweepFiles.MINIMAL + "data.importance-decay = 1\n");
        assertImportance(List.of(1.0, 1.0, 1.0, 1.0, 1.0), plan.trials().get(0).config().data().importance());
    }

    @Test
    void explicitImportanceReplacesTheDecay() {
        SweepPlan plan = load(SweepFiles.MINIMAL + "model.features = 3, data { importance-decay = 0.5, importance = [3, 0, 1.5] }\n");
        assertImportance(List.of(3.0, 0.0, 1.5), plan.trials().get(0).config().data().importance());
        plan = load(SweepFiles.MINIMAL + "model.features = 3, data.importance = { geomspace = [1, 0.01, 3] }\n");
        assertImportance(List.of(1.0, 0.1, 0.01), plan.trials().get(0).config().data().importance());
    }

    @Test
    void lastImportanceReplacesOnlyTheLastFeaturesAndIsGriddable() {
        SweepPlan plan = load(SweepFiles.MINIMAL + "model { features = 2, hidden = 1 }, data.importance-decay = 1\n"
                + "sweep.grid { \"data.last-importance\" = { geomspace = [0.1, 10, 3] } }\n");
        assertImportance(List.of(1.0, 0.1), plan.trials().get(0).config().data().importance());
        assertImportance(List.of(1.0, 1.0), plan.trials().get(1).config().data().importance());
        assertImportance(List.of(1.0, 10.0), plan.trials().get(2).config().data().importance());
    }

    @Test
    void importanceFollowsGriddedFeatureCount() {
        SweepPlan plan = load(SweepFiles.MINIMAL + "sweep.grid { \"model.features\" = [2, 3] }, data.importance-decay = 0.5\n");
        assertImportance(List.of(1.0, 0.5), plan.trials().get(0).config().data().importance());
        assertImportance(List.of(1.0, 0.5, 0.25), plan.trials().get(1).config().data().importance());
    }

    private static void assertImportance(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-12, "importance " + i);
        }
    }

    @Test
    void overridesBeatTheFileWhichBeatsTheDefaults() {
        String file = SweepFiles.MINIMAL + "train { steps = 300, batch-size = 64 }\n";
        TrainConfig train = load(file, "train.steps=2000").trials().get(0).config().train();
        assertEquals(2000, train.steps(), "override over file");
        assertEquals(64, train.batchSize(), "file over default");
        assertEquals(50, train.logEvery(), "default");
        assertEquals(7, load(file, "train.steps=2000", "train.steps=7").trials().get(0).config().train().steps(),
                "later override over earlier");
        assertEquals(Variant.LINEAR, load(file, "model.variant=linear").trials().get(0).config().model().variant());
    }

    @Test
    void sweepKeysMayBeOverriddenWithoutTheirPrefix() {
        String file = """
                sweep { name = s, experiment = tms, seeds = [0, 1]
                  grid { "data.feature-probability" = [1, 0.5, 0.25], "model.hidden" = [1, 2] } }
                """;
        SweepPlan plan = load(file, "grid.\"data.feature-probability\"=[1,0.1]", "seeds=[5]", "sweep.name=other");
        assertEquals("other", plan.name());
        assertEquals(List.of("data.feature-probability", "model.hidden"), plan.gridPaths(),
                "an override replaces an axis's values, it neither drops nor moves other axes");
        assertEquals(List.of(1.0, 1.0, 0.1, 0.1), plan.trials().stream()
                .map(t -> t.config().data().featureProbability()).toList());
        assertTrue(plan.trials().stream().allMatch(t -> t.seed() == 5));
    }

    @Test
    void anOverrideCanRemoveAGridAxis() {
        SweepPlan plan = load("""
                sweep { name = s, experiment = tms, seeds = [0], grid { "model.hidden" = [1, 2], "train.lr" = [0.1, 0.01] } }
                """, "grid.\"model.hidden\"=null");
        assertEquals(List.of("train.lr"), plan.gridPaths());
        assertEquals(2, plan.trials().size());
    }

    @Test
    void noBottleneckIsAWarningNotAnError() {
        SweepPlan plan = load(SweepFiles.MINIMAL + "sweep.grid { \"model.hidden\" = [2, 5, 6] }\n");
        assertEquals(3, plan.trials().size());
        assertEquals(2, plan.warnings().size(), plan.warnings().toString());
        assertTrue(plan.warnings().get(0).contains("model.hidden = 5 >= model.features = 5"), plan.warnings().get(0));
        assertTrue(plan.warnings().get(0).contains("no bottleneck: superposition is not forced"));
    }

    @Test
    void substitutionsSeeTheWholeConfig() {
        SweepPlan plan = load(SweepFiles.MINIMAL + "train.log-every = ${train.steps}\n", "train.steps=40");
        assertEquals(40, plan.trials().get(0).config().train().logEvery());
    }

    @Test
    void theTmsIntroPresetLoads() {
        SweepPlan plan = SweepLoader.load(Path.of("config/sweeps/tms-intro.conf"), List.of());
        assertEquals("tms-intro", plan.name());
        assertEquals(Experiment.TMS, plan.experiment());
        assertEquals(24, plan.trials().size());
        assertEquals(List.of(), plan.warnings());
        TrialConfig last = plan.trials().get(23).config();
        assertEquals(new ModelConfig(5, 2, Variant.RELU_OUTPUT), last.model());
        assertEquals(0.02, last.data().featureProbability(), 0.0);
        assertEquals(0.9, last.data().importance().get(1), 1e-15);
    }
}
