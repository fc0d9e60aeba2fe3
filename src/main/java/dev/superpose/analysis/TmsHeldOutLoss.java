package dev.superpose.analysis;

import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsWeights;

/**
 * A TMS model's loss on given inputs, as training defines it (mean over samples and features
 * of importance·(x − out)²), computed in double precision on the host: the test loss of a model
 * trained on a fixed data set, measured on fresh samples it never saw.
 */
public final class TmsHeldOutLoss {
    private TmsHeldOutLoss() {
    }

    /**
     * @param x rows of inputs, row-major [samples, features]
     */
    public static double of(TmsWeights w, TmsArchitecture architecture, double[] importance, float[] x) {
        int features = w.features();
        int hidden = w.hidden();
        int samples = x.length / features;
        double[] h = new double[hidden];
        double total = 0;
        for (int s = 0; s < samples; s++) {
            int row = s * features;
            for (int k = 0; k < hidden; k++) {
                double sum = 0;
                for (int i = 0; i < features; i++) {
                    sum += w.w(k, i) * (double) x[row + i];
                }
                h[k] = architecture.hiddenRelu() ? Math.max(0, sum) : sum;
            }
            for (int i = 0; i < features; i++) {
                double out = w.bias()[i];
                for (int k = 0; k < hidden; k++) {
                    out += w.w(k, i) * h[k];
                }
                if (architecture.outputRelu()) {
                    out = Math.max(0, out);
                }
                double error = x[row + i] - out;
                total += importance[i] * error * error;
            }
        }
        return total / ((double) samples * features);
    }
}
