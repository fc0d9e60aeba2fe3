package dev.superpose.model;

/**
 * One trained toy model, copied out of its stack: {@code W} is [hidden, features] row-major
 * (column i is feature i's embedding W_i), {@code bias} is b_final [features].
 */
public record TmsWeights(int hidden, int features, float[] w, float[] bias) {
    public TmsWeights {
        if (w.length != hidden * features || bias.length != features) {
            throw new IllegalArgumentException("W must be " + hidden + "x" + features + " and bias " + features
                    + ", got " + w.length + " and " + bias.length + " values");
        }
    }

    /** W[h, i]: component h of feature i's embedding. */
    public float w(int h, int i) {
        return w[h * features + i];
    }
}
