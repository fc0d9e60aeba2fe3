package dev.superpose.model.sae;

/** Selection of the k-th largest value (quickselect), for the top-k sparsity rules. */
final class KthLargest {
    private KthLargest() {
    }

    /**
     * The k-th largest of {@code values[0..n)} (1-based k, counting repeats), in expected O(n).
     * Reorders {@code values}. The pivot is a median of three, so the work is a deterministic
     * function of the input.
     */
    static double of(double[] values, int n, int k) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        // The k-th largest is the (n − k)-th smallest, 0-based.
        int target = n - k;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
            // Three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot.
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                double v = values[i];
                if (v < pivot) {
                    values[i++] = values[lt];
                    values[lt++] = v;
                } else if (v > pivot) {
                    values[i] = values[gt];
                    values[gt--] = v;
                } else {
                    i++;
                }
            }
            if (target < lt) {
                hi = lt - 1;
            } else if (target > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return values[target];
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
