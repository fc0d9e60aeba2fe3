package dev.superpose.train;

import dev.superpose.config.BadInputException;
import dev.superpose.config.Optimizer;
import dev.superpose.config.SaeConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.Penalty;
import dev.superpose.model.sae.SaeSettings;
import dev.superpose.model.sae.SaeShape;

import java.util.List;

/** Turns the {@code sae} and {@code train} settings of a stack's trials into the SAE trainer's specs. */
final class SaeSpecs {
    private SaeSpecs() {
    }

    /**
     * The shape of a stack's models for data whose rows have {@code inputs} dimensions and whose
     * targets {@code outputs}: a transcoder's when {@code sae.target} says so.
     */
    static SaeShape shape(TrialConfig first, int inputs, int outputs) {
        return SaeSettings.shape(first.sae(), inputs, outputs);
    }

    /**
     * The shared spec of a stack of models of {@code shape} (the dictionary size L = expansion ×
     * d_in with an expansion).
     *
     * @throws BadInputException for a dictionary size that the data's dimension makes too small
     *                           for k or aux-k
     */
    static SaeStackSpec stack(TrialConfig first, SaeShape shape) {
        int inputs = shape.inputs();
        SaeConfig sae = first.sae();
        int latents = sae.latentsFor(inputs);
        if (sae.architecture().usesK() && sae.k() > latents || sae.auxK() > latents) {
            throw new BadInputException((sae.auxK() > latents ? "sae.aux-k = " + sae.auxK() : "sae.k = " + sae.k())
                    + " exceeds the " + latents + " latents of " + sae.expansion() + " x " + inputs + " dimensions");
        }
        Architecture architecture = SaeSettings.architecture(sae);
        try {
            architecture.requireFits(latents);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("sae: " + e.getMessage() + " (" + latents + " latents of " + sae.expansion()
                    + " x " + inputs + " dimensions)");
        }
        return new SaeStackSpec(architecture, shape, latents, SaeSettings.options(sae), first.train().batchSize(),
                first.train().steps(), first.train().optimizer(), first.train().schedule(),
                first.train().warmupSteps(), first.train().logEvery(), SaeDataKey.of(first).source().seed(),
                sae.lastBatch() == SaeConfig.LastBatch.KEEP);
    }

    /** The per-SAE specs of a stack whose dictionaries have {@code latents} latents. */
    static List<SaeInstanceSpec> instances(List<TrialConfig> trials, int latents) {
        return trials.stream().map(c -> new SaeInstanceSpec(c.seed(), sparsityCoefficient(c.sae(), latents),
                c.train().lr(), c.train().optimizer() == Optimizer.ADAMW ? c.train().weightDecay() : 0.0)).toList();
    }

    /** λ as the model applies it, to the sum over latents: an L1 λ reduced by the mean is λ / L there. */
    static double sparsityCoefficient(SaeConfig sae, int latents) {
        double coefficient = SaeSettings.sparsityCoefficient(sae);
        boolean l1 = SaeSettings.architecture(sae).penalty() != Penalty.L0_OF_CODES;
        return l1 && sae.l1Reduction() == SaeConfig.L1Reduction.MEAN ? coefficient / latents : coefficient;
    }
}
