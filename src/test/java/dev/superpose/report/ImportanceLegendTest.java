package dev.superpose.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The subtitle's words for importance colours. */
class ImportanceLegendTest {
    @Test
    void equalImportancesSayThatInsteadOfAColourRangeFromAValueToItself() {
        assertEquals("all features equally important (1.00)", ImportanceLegend.text(1, 1));
        assertEquals("colour: importance of the feature, dark 0.656 \u2192 yellow 1.00", ImportanceLegend.text(0.656, 1));
    }
}
