package dev.superpose.config;

/** {@code source.weights}: which parameters a transformer source runs with. */
public enum TransformerWeights {
    /** the model as published */
    TRAINED("trained"),
    /** every parameter re-drawn from the architecture's initialisation, seeded by source.seed */
    RANDOM("random"),
    /** the encoder blocks re-drawn, the embeddings kept trained */
    RANDOM_EXCEPT_EMBEDDINGS("random-except-embeddings"),
    /** the trained model with its embedding output replaced by N(0, 1) noise */
    NOISE_EMBEDDINGS("noise-embeddings");

    private final String id;

    TransformerWeights(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
