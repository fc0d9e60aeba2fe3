package dev.superpose.config;

/** {@code sae.architecture}: how a sparse autoencoder turns pre-activations into codes. */
public enum SaeArchitecture {
    /** z = ReLU(W_enc(x − b_dec) + b_enc), sparsity from the L1 penalty */
    RELU("relu"),
    /** the k largest pre-activations per sample, the rest zero */
    TOPK("topk"),
    /** the k·batch largest over the whole batch in training; a learned threshold at inference */
    BATCHTOPK("batchtopk"),
    /** pre-activation kept above a learned per-latent threshold; L0 penalty, straight-through gradients */
    JUMPRELU("jumprelu"),
    /** a gate path decides which latents fire, a magnitude path how strongly */
    GATED("gated"),
    /** batchtopk codes; nested prefixes of the dictionary each reconstruct the input */
    MATRYOSHKA("matryoshka");

    private final String id;

    SaeArchitecture(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether {@code sae.k} applies. */
    public boolean usesK() {
        return this == TOPK || this == BATCHTOPK || this == MATRYOSHKA;
    }
}
