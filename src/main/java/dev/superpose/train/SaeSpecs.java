package dev.superpose.train;

import dev.superpose.config.BadInputException;
import dev.superpose.config.Optimizer;
import dev.superpose.config.SaeConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.model.sae.SaeSettings;

import java.util.List;

/** Turns the {@code sae} and {@code train} settings of a stack's trials into the SAE trainer's specs. */
final class SaeSpecs {
    private SaeSpecs() {
    }

    /**
     * The shared spec of a stack whose data has {@code inputs} dimensions.
     *
     * @throws BadInputException for a setting this build cannot train, or a dictionary size that
     *                           the data's dimension makes too small for k
     */
    static SaeStackSpec stack(TrialConfig first, int inputs) {
        SaeConfig sae = first.sae();
        int latents = sae.latentsFor(inputs);
        if (sae.architecture().usesK() && sae.k() > latents) {
            throw new BadInputException("sae.k = " + sae.k() + " exceeds the " + latents + " latents of "
                    + sae.expansion() + " x " + inputs + " dimensions");
        }
        requireTrainable(sae);
        return new SaeStackSpec(SaeSettings.activation(sae), inputs, latents, SaeSettings.options(sae), first.train().batchSize(),
                first.train().steps(), first.train().optimizer(), first.train().schedule(),
                first.train().warmupSteps(), first.train().logEvery(), first.source().seed());
    }

    /** Settings the config accepts but this trainer does not implement yet are refused, not ignored. */
    private static void requireTrainable(SaeConfig sae) {
        String missing = sae.resampling() != SaeConfig.Resampling.NONE ? "sae.resample = " + sae.resampling().id()
                : sae.auxK() > 0 ? "sae.aux-k = " + sae.auxK()
                : sae.tied() ? "sae.tied = true" : null;
        if (missing != null) {
            throw new BadInputException(missing + " is not trainable in this build");
        }
    }

    static List<SaeInstanceSpec> instances(List<TrialConfig> trials) {
        return trials.stream().map(c -> new SaeInstanceSpec(c.seed(), c.sae().l1Coefficient(), c.train().lr(),
                c.train().optimizer() == Optimizer.ADAMW ? c.train().weightDecay() : 0.0)).toList();
    }
}
