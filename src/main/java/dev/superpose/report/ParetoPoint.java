package dev.superpose.report;

/** One trained SAE on the sparsity/reconstruction plane: its architecture, L0 and FVU on held-out data. */
public record ParetoPoint(String architecture, double l0, double fvu) {
    public ParetoPoint {
        if (architecture == null) {
            throw new IllegalArgumentException("a Pareto point needs an architecture");
        }
    }
}
