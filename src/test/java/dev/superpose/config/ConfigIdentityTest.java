package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config hash identifies a sweep's settings, not how they were written. */
class ConfigIdentityTest {
    private static final String SWEEP = """
            sweep { name = s, experiment = tms, seeds = [0, 1]
              grid { "data.feature-probability" = [1, 0.5], "model.hidden" = [1, 2, 3] } }
            model { features = 6, variant = linear }
            train { steps = 300, lr = 1e-3 }
            """;

    @TempDir
    Path dir;

    private SweepPlan load(String content, String... overrides) {
        return SweepFiles.load(dir, content, overrides);
    }

    /**
     * The hash of a stored sweep must not move when the code that reads its settings changes (a
     * changed hash turns a resume into a refusal): this value was taken from main before the sae
     * settings were read into the model's enums directly, and must stay.
     */
    @Test
    void theHashOfAKnownSaeSweepIsStable() {
        assertEquals("bce4a268d39d517b16a0255c640572fa8181d89f89ce216c0ed1da2c1de34214", load("""
                sweep { name = test, experiment = sae, seeds = [0] }
                sae { architecture = batchtopk, latents = 64, k = 4, decoder-norm = weight-norm, decoder-bias-init = zero,
                      resample = anthropic, input-normalization = none, init = unit-rows }
                """).configHash());
    }

    @Test
    void hashIgnoresKeyOrderSpellingAndGridForm() {
        SweepPlan plan = load(SWEEP);
        SweepPlan reordered = load("""
                train { lr = 0.001, steps = 300 }
                model { variant = linear, features = 6.0 }
                sweep {
                  grid {
                    data { feature-probability = [1.0, 0.5] }
                    model.hidden = { linspace = [1, 3, 3] }
                  }
                  seeds = [0, 1], experiment = tms, name = s
                }
                """);
        assertEquals(plan.canonicalConfig(), reordered.canonicalConfig());
        assertEquals(plan.configHash(), reordered.configHash());
        assertEquals(64, plan.configHash().length());
        assertTrue(plan.configHash().matches("[0-9a-f]{64}"), plan.configHash());
    }

    @Test
    void hashIsOfTheResolvedConfigHoweverItWasSet() {
        assertEquals(load(SWEEP.replace("steps = 300", "steps = 2000")).configHash(),
                load(SWEEP, "train.steps=2000").configHash());
        assertEquals(load(SWEEP).configHash(), load(SWEEP + "train.batch-size = 1024\n").configHash(),
                "stating a default changes nothing");
    }

    @Test
    void hashChangesWithAnyValueOrTheGridOrder() {
        String hash = load(SWEEP).configHash();
        assertNotEquals(hash, load(SWEEP, "train.steps=301").configHash());
        assertNotEquals(hash, load(SWEEP, "data.magnitude=normal").configHash(), "a default's value counts too");
        assertNotEquals(hash, load(SWEEP, "seeds=[0,2]").configHash());
        // same trials, but the ids would mean other grid points
        assertNotEquals(hash, load(SWEEP.replace("\"data.feature-probability\" = [1, 0.5], \"model.hidden\" = [1, 2, 3]",
                "\"model.hidden\" = [1, 2, 3], \"data.feature-probability\" = [1, 0.5]")).configHash());
    }

    @Test
    void runPolicyIsReadButLeftOutOfTheIdentity() {
        SweepPlan plan = load(SWEEP);
        SweepPlan operational = load(SWEEP, "sweep.stack-size=3", "train.checkpoint-every=7", "train.max-retries=0");
        assertEquals(new RunPolicy(3, 7, 0), operational.policy());
        assertEquals(plan.configHash(), operational.configHash());
        assertFalse(plan.canonicalConfig().contains("checkpoint-every"), plan.canonicalConfig());
    }

    @Test
    void canonicalConfigIsSortedConciseJson() {
        String canonical = load(SWEEP).canonicalConfig();
        assertTrue(canonical.startsWith("{\"data\":{\"anticorrelated-mode\":\"at-most-one\",\"anticorrelated-sets\":0,"
                + "\"correlated-sets\":0,\"dataset-size\":0,"), canonical);
        assertTrue(canonical.contains("\"grid\":[{\"data.feature-probability\":[1,0.5]},{\"model.hidden\":[1,2,3]}]"),
                canonical);
        assertTrue(canonical.contains("\"lr\":0.001"), canonical);
        assertTrue(!canonical.contains(" ") && !canonical.contains("\n"), canonical);
    }

    @Test
    void diffListsEveryChangedPathWithOldAndNewValues() {
        String before = load(SWEEP).canonicalConfig();
        String after = load(SWEEP, "train.steps=2000", "grid.\"model.hidden\"=[1,2,4]", "data.importance=[1,1,1,1,1,1]",
                "seeds=[0,1,2]").canonicalConfig();
        assertEquals(List.of(
                "data.importance: null -> [1,1,1,1,1,1]",
                "sweep.grid[1].\"model.hidden\"[2]: 3 -> 4",
                "sweep.seeds: [0,1] -> [0,1,2]",
                "train.steps: 300 -> 2000"), ConfigDiff.describe(before, after));
        assertEquals(List.of(), ConfigDiff.describe(before, before));
    }

    @Test
    void diffShowsKeysPresentOnOneSideOnly() {
        assertEquals(List.of("a.b: (absent) -> 1", "a.c: null -> (absent)"),
                ConfigDiff.describe("{\"a\":{\"c\":null}}", "{\"a\":{\"b\":1}}"));
        assertThrows(IllegalArgumentException.class, () -> ConfigDiff.describe("{", "{}"));
    }
}
