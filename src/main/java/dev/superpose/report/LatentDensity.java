package dev.superpose.report;

/** The firing frequency of each latent of one SAE (fraction of samples it is non-zero on), under a panel title. */
public record LatentDensity(String label, double[] firingFrequency) {
    public LatentDensity {
        for (double f : firingFrequency) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("latent density '" + label + "': firing frequencies must be in [0, 1], got "
                        + f);
            }
        }
        firingFrequency = firingFrequency.clone();
    }
}
