package dev.superpose.metrics;

/**
 * Mean, min and max over the finite current losses of a stack's instances, replaced as a whole
 * so a scrape never mixes two reports. Non-finite losses are left out so one diverged instance
 * does not blank the others' curve (divergences have their own counter); NaN when none is finite.
 */
final class StackLoss {
    private record Summary(double mean, double min, double max) {
    }

    private static final Summary NONE = new Summary(Double.NaN, Double.NaN, Double.NaN);

    private volatile Summary current = NONE;

    void set(double[] losses) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int finite = 0;
        for (double loss : losses) {
            if (Double.isFinite(loss)) {
                sum += loss;
                min = Math.min(min, loss);
                max = Math.max(max, loss);
                finite++;
            }
        }
        current = finite == 0 ? NONE : new Summary(sum / finite, min, max);
    }

    double mean() {
        return current.mean();
    }

    double min() {
        return current.min();
    }

    double max() {
        return current.max();
    }
}
