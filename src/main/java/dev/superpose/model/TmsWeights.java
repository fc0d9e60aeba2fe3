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

    /** As the named arrays of a trial's .npz: {@code W} [hidden, features], {@code b_final} [features]. */
    public TrialWeights toTrialWeights() {
        return TrialWeights.of(new NamedArray("W", new int[]{hidden, features}, w),
                new NamedArray("b_final", new int[]{features}, bias));
    }

    /** The {@code W} and {@code b_final} arrays of {@code weights}. */
    public static TmsWeights from(TrialWeights weights) {
        NamedArray w = weights.get("W");
        NamedArray b = weights.get("b_final");
        if (w.rank() != 2 || b.rank() != 1) {
            throw new IllegalArgumentException("TMS weights need W [hidden, features] and b_final [features], got "
                    + w.describe() + " and " + b.describe());
        }
        return new TmsWeights(w.dim(0), w.dim(1), w.data(), b.data());
    }

    /** W[h, i]: component h of feature i's embedding. */
    public float w(int h, int i) {
        return w[h * features + i];
    }
}
