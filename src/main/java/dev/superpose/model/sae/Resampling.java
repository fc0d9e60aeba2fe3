package dev.superpose.model.sae;

/** What happens to dead latents (see {@link SaeOptions#deadWindow()}) every {@link SaeOptions#resampleEvery()} steps. */
public enum Resampling implements ConfigSpelling {
    /** Dead latents stay dead. */
    NONE,
    /** A random unit direction for decoder and encoder row, b_enc 0. */
    SIMPLE,
    /**
     * Anthropic, "Towards Monosemanticity" (2023): inputs drawn with probability ∝ their squared
     * reconstruction loss; the decoder row becomes the normalised input minus b_dec, the encoder
     * row that direction at 0.2 × the alive latents' mean encoder norm, b_enc 0.
     */
    ANTHROPIC
}
