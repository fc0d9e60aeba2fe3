package dev.superpose.model.sae;

/**
 * What each model of a stack reads and writes. An SAE reconstructs its own input: d_out = d_in,
 * and its encoder sees x − b_dec. A transcoder reads one activation x [d_in] and reconstructs
 * another, y [d_out] (y = f(x) for a part f of a network): its b_dec lives in y's space, so its
 * encoder sees x itself, as SAELens' {@code Transcoder} does. A learned bias of x's space before
 * the encoder would add nothing: E·(x − b) + b_enc is E·x with b_enc − E·b, so b_enc already has
 * that freedom.
 *
 * @param inputs     d_in, the length of a row the encoder reads
 * @param outputs    d_out, the length of a row the decoder writes
 * @param transcoder the target is another activation than the input
 */
public record SaeShape(int inputs, int outputs, boolean transcoder) {

    public SaeShape {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("a model needs inputs and outputs >= 1, got " + inputs + " and "
                    + outputs);
        }
        if (!transcoder && inputs != outputs) {
            throw new IllegalArgumentException("an SAE reconstructs its input: outputs must equal inputs " + inputs
                    + ", got " + outputs);
        }
    }

    /** An SAE of d-dimensional rows. */
    public static SaeShape autoencoder(int d) {
        return new SaeShape(d, d, false);
    }

    /** A transcoder from d_in- to d_out-dimensional rows. */
    public static SaeShape transcoder(int inputs, int outputs) {
        return new SaeShape(inputs, outputs, true);
    }

    /** Whether the encoder sees x − b_dec (an SAE) rather than x (a transcoder). */
    public boolean centresInput() {
        return !transcoder;
    }
}
