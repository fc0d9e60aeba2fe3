package dev.superpose.report;

/**
 * How a figure's subtitle explains its importance colours. With every feature equally important
 * the colour carries nothing, and "dark 1.00 → yellow 1.00" would only puzzle a reader.
 */
final class ImportanceLegend {
    private ImportanceLegend() {
    }

    static String text(double minImportance, double maxImportance) {
        if (minImportance == maxImportance) {
            return String.format("all features equally important (%.3g)", minImportance);
        }
        return String.format("colour: importance of the feature, dark %.3g \u2192 yellow %.3g", minImportance,
                maxImportance);
    }
}
