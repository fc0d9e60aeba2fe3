package dev.superpose.config;

/**
 * {@code sae.target}: what the model reconstructs. {@link #INPUT} makes it a sparse autoencoder;
 * every other value a transcoder, which reads one activation of the source and reconstructs
 * another, y = f(x) for a known part f of the network that produced the data.
 */
public enum SaeTarget {
    /** its own input: a sparse autoencoder */
    INPUT("input", null, "its input"),
    /** source.kind = ffn or gaussian-ffn: reads the MLP's input x, reconstructs ffn(x) */
    FFN_OUTPUT("ffn-output", "ffn or gaussian-ffn", "the ffn MLP's output from its input"),
    /** source.kind = tms: reads the toy model's input x, reconstructs its hidden h = Wx */
    TMS_HIDDEN("tms-hidden", "tms", "the toy model's hidden h = Wx from its input x"),
    /** source.kind = tms: reads the hidden h = Wx, reconstructs the toy model's output ReLU(Wᵀh + b) */
    TMS_OUTPUT("tms-output", "tms", "the toy model's output ReLU(W^T h + b) from its hidden h");

    private final String id;
    private final String sourceKinds;
    private final String description;

    SaeTarget(String id, String sourceKinds, String description) {
        this.id = id;
        this.sourceKinds = sourceKinds;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** Whether the model is a transcoder: it reconstructs something other than what it reads. */
    public boolean transcoder() {
        return this != INPUT;
    }

    /** Whether a source of {@code kind} has the activation pair this target needs. */
    public boolean fits(SourceKind kind) {
        return switch (this) {
            case INPUT -> true;
            case FFN_OUTPUT -> kind == SourceKind.FFN || kind == SourceKind.GAUSSIAN_FFN;
            case TMS_HIDDEN, TMS_OUTPUT -> kind == SourceKind.TMS;
        };
    }

    /** The source kinds {@link #fits} accepts, for messages. */
    public String sourceKinds() {
        return sourceKinds;
    }

    /** What a transcoder of this target reconstructs from what, for messages and metadata. */
    public String description() {
        return description;
    }
}
