package dev.superpose.config;

import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.InputNormalization;
import dev.superpose.model.sae.Resampling;

import java.util.List;

/**
 * {@code sae.*}: one sparse autoencoder of an {@code sae} sweep. Structural settings hold the model's
 * own enums, which define their config spellings ({@link dev.superpose.model.sae.ConfigSpelling}).
 *
 * @param latents          dictionary size L, unless {@code expansion} is set
 * @param expansion        when &gt; 0, L = expansion × the source's dimension
 * @param k                active latents per sample for topk and batchtopk
 * @param l1Coefficient    λ of the L1 penalty: on the codes (relu; topk and batchtopk on top of their rule) or on
 *                         the gate (gated)
 * @param l0Coefficient    jumprelu: λ of the L0 penalty
 * @param tied             encoder and decoder share one matrix (W_enc = W_decᵀ throughout)
 * @param encoderFromDecoder untied encoder initialised as the decoder's transpose
 * @param deadWindow       a latent that has not fired for this many steps is dead
 * @param resampleEvery    dead latents are resampled every this many steps (with resampling on)
 * @param auxK             AuxK: dead latents that reconstruct the residual (0 = off)
 * @param auxCoefficient   weight of the AuxK loss
 * @param bandwidth        jumprelu: width ε of the straight-through estimator's kernel
 * @param initialThreshold jumprelu: the thresholds' starting value
 * @param l1Reduction      how the L1 penalty reduces over latents
 * @param matryoshkaPrefixes matryoshka: the nested prefix sizes, strictly increasing
 * @param inputNormalization what the SAE does to each input row before encoding it
 * @param init             how its parameters start
 * @param lastBatch        whether each epoch of the training pool ends with a short batch
 * @param target           what the model reconstructs: its input (an SAE) or, as a transcoder, another
 *                         activation of the source
 * @param resampleScale    anthropic resampling: new encoder rows at this × the alive mean encoder norm
 * @param resampleEncoderScale simple resampling: the new encoder rows' length
 * @param resampleResetAdam resampled latents' Adam moments are zeroed
 */
public record SaeConfig(SaeArchitecture architecture, int latents, int expansion, int k, double l1Coefficient, double l0Coefficient,
                        boolean tied,
                        boolean encoderFromDecoder, DecoderNorm decoderNorm, DecoderBiasInit decoderBiasInit,
                        int deadWindow, Resampling resampling, int resampleEvery, int auxK, double auxCoefficient,
                        double bandwidth, double initialThreshold, L1Reduction l1Reduction,
                        List<Integer> matryoshkaPrefixes, InputNormalization inputNormalization, Initialisation init,
                        LastBatch lastBatch, SaeTarget target, double resampleScale, double resampleEncoderScale,
                        boolean resampleResetAdam) {

    public SaeConfig {
        matryoshkaPrefixes = List.copyOf(matryoshkaPrefixes);
    }

    /** The dictionary size for a source of dimension {@code inputs}. */
    public int latentsFor(int inputs) {
        return expansion > 0 ? Math.multiplyExact(expansion, inputs) : latents;
    }

    /** {@code sae.l1-reduction}: the L1 penalty per sample, λ·Σ_l |z_l| or λ·mean_l |z_l|. */
    public enum L1Reduction {
        /** λ times the sum over latents (Anthropic, SAELens) */
        SUM("sum"),
        /** λ times the mean over latents, as the random-transformer SAE study's trainer.py: λ / L per latent */
        MEAN("mean");

        private final String id;

        L1Reduction(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code sae.last-batch}: the n mod B training rows left over at the end of each epoch. */
    public enum LastBatch {
        /** left out of that epoch (a drop-last data loader): ⌊n / B⌋ steps per epoch */
        DROP("drop"),
        /** trained on as a short batch, as PyTorch's default DataLoader: ⌈n / B⌉ steps per epoch */
        KEEP("keep");

        private final String id;

        LastBatch(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }
}
