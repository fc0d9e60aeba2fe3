package dev.superpose.config;

import java.util.List;

/**
 * {@code sae.*}: one sparse autoencoder of an {@code sae} sweep.
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
                        List<Integer> matryoshkaPrefixes, InputNormalization inputNormalization, Init init,
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

    /** {@code sae.input-normalization}: what the SAE does to each input row before encoding it. */
    public enum InputNormalization {
        NONE("none"),
        /**
         * each sample standardised over its dimensions inside the model (ddof = 1), the
         * reconstruction de-standardised, the loss on raw inputs: the study's standard.py and util.py
         */
        PER_SAMPLE("per-sample");

        private final String id;

        InputNormalization(String id) {
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

    /** {@code sae.init}: how an SAE's parameters start. */
    public enum Init {
        /** unit decoder rows uniform on the sphere, the encoder from them or drawn alike, b_enc = 0 */
        UNIT_ROWS("unit-rows"),
        /** the study's standard.py: orthogonal_ decoder (unit rows), nn.Linear's default encoder and b_enc */
        STUDY("study");

        private final String id;

        Init(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code sae.decoder-norm}: how decoder columns are held at unit norm. */
    public enum DecoderNorm {
        /** renormalised after each step, the gradient's component along each column removed */
        UNIT("unit"),
        /** W_dec = V / ‖V‖ per column, V trained */
        WEIGHT_NORM("weight-norm"),
        /** renormalised before every forward pass, the gradient used whole (the study's standard.py) */
        RENORMALISE("renormalise");

        private final String id;

        DecoderNorm(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code sae.decoder-bias-init}: b_dec's starting value, from a sample of the training data. */
    public enum DecoderBiasInit {
        GEOMETRIC_MEDIAN("geometric-median"), MEAN("mean"), ZERO("zero"),
        /** no decoder bias: b_dec held at 0, untrained (the study's bias-free decoder) */
        NONE("none");

        private final String id;

        DecoderBiasInit(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code sae.resample}: what happens to dead latents. */
    public enum Resampling {
        NONE("none"),
        /** random unit directions */
        SIMPLE("simple"),
        /** inputs sampled ∝ squared reconstruction loss (Anthropic, "Towards Monosemanticity") */
        ANTHROPIC("anthropic");

        private final String id;

        Resampling(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }
}
