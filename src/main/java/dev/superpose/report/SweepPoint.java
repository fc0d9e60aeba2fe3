package dev.superpose.report;

/**
 * One trial's place in a parameter sweep: the line it belongs to ({@code group}, e.g.
 * "1024 latents"), its swept parameter {@code x} (e.g. the L1 coefficient) and its metric values,
 * one per metric of the figure. Trials differing only in seed share group and x.
 */
public record SweepPoint(String group, double x, double[] values) {
    public SweepPoint {
        if (group == null) {
            throw new IllegalArgumentException("a sweep point needs a group");
        }
        values = values.clone();
    }
}
