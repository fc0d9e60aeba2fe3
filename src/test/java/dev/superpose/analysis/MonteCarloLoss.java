package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

import java.util.Random;

/**
 * A Monte-Carlo estimate of a ReLU-output model's loss Σ_i I_i (x_i − ReLU(WᵀW x + b)_i)² on the
 * paper's data (each feature present with probability p, then U[0, 1]), computed straight from the
 * forward pass as an independent check on {@link ExpectedLoss}.
 */
record MonteCarloLoss(double mean, double standardError) {

    static MonteCarloLoss estimate(TmsWeights w, double[] importance, double density, int samples, long seed) {
        Random random = new Random(seed);
        int n = w.features();
        double[] x = new double[n];
        double[] h = new double[w.hidden()];
        double sum = 0;
        double sumSquares = 0;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble() < density ? random.nextDouble() : 0;
            }
            for (int k = 0; k < w.hidden(); k++) {
                h[k] = 0;
                for (int i = 0; i < n; i++) {
                    h[k] += w.w(k, i) * x[i];
                }
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double pre = w.bias()[i];
                for (int k = 0; k < w.hidden(); k++) {
                    pre += w.w(k, i) * h[k];
                }
                double error = x[i] - Math.max(pre, 0);
                loss += importance[i] * error * error;
            }
            sum += loss;
            sumSquares += loss * loss;
        }
        double mean = sum / samples;
        double variance = Math.max(0, sumSquares / samples - mean * mean);
        return new MonteCarloLoss(mean, Math.sqrt(variance / samples));
    }
}
