package dev.superpose.report;

/**
 * One trial's loss over training: {@code loss[k]} at step {@code steps[k]}. {@code group} (may be
 * null) names the grid value the trial belongs to; curves of one group share a colour.
 */
public record LossCurve(String label, String group, long[] steps, double[] loss) {
    public LossCurve {
        if (steps.length != loss.length) {
            throw new IllegalArgumentException("loss curve '" + label + "': " + steps.length + " steps but "
                    + loss.length + " loss values");
        }
    }
}
