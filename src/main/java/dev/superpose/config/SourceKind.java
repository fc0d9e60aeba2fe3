package dev.superpose.config;

/** {@code source.kind}: where an SAE's input activations come from. */
public enum SourceKind {
    /** hidden activations h = Wx of a trained TMS trial, its feature directions as ground truth */
    TMS("tms"),
    /** synthetic: a random unit-norm dictionary, correlated decaying feature presence */
    SHARKEY("sharkey"),
    /**
     * synthetic: the data section's inputs x (model.features of them) through a fixed random linear
     * map h = W x, W [source.dim, features] drawn as nn.Linear's default weight; W's columns the truth
     */
    PROJECTION("projection"),
    /** the base source's per-dimension mean and std, no features: the null baseline */
    GAUSSIAN("gaussian"),
    /** the base source through a fixed random ReLU MLP d → 4d → d */
    FFN("ffn"),
    /** gaussian imitating the base, then through the ffn MLP: the study's fourth condition */
    GAUSSIAN_FFN("gaussian-ffn"),
    /** word vectors in GloVe's text format */
    GLOVE("glove"),
    /** a NumPy .npy array [N, d] */
    NPY("npy"),
    /** a 2-D tensor [N, d] of a safetensors file (what PyTorch users save) */
    SAFETENSORS("safetensors"),
    /** a BERT-family transformer's activations on text, extracted once into a cache */
    TRANSFORMER("transformer");

    private final String id;

    SourceKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether this kind, as a producer, draws its inputs x from the {@code model} and {@code data} sections. */
    public boolean drawsTmsInputs() {
        return this == TMS || this == PROJECTION;
    }

    /** Whether this kind transforms or imitates {@code source.base} rather than producing data itself. */
    public boolean derived() {
        return this == GAUSSIAN || this == FFN || this == GAUSSIAN_FFN;
    }
}
