package dev.superpose.report;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArrowsChartTest {
    private static List<ArrowsChart.Arrow> reaching(double x, double y) {
        return List.of(new ArrowsChart.Arrow(0.01, 0, Color.RED), new ArrowsChart.Arrow(x, y, Color.RED));
    }

    @Test
    void fittedLimitIsTheNextRoundNumberBeyondTenPercentMore() {
        assertEquals(0.75, ArrowsChart.fitted(reaching(0.5, 0.1)), 1e-12);
        assertEquals(0.1, ArrowsChart.fitted(reaching(0.05, -0.09)), 1e-12);
        assertEquals(30, ArrowsChart.fitted(reaching(-21, 3)), 1e-12);
        assertEquals(1, ArrowsChart.fitted(List.of(new ArrowsChart.Arrow(0, 0, Color.RED))), 1e-12);
    }

    @Test
    void featureLimitKeepsRoomForUnitVectorsAndGrowsInHalves() {
        assertEquals(1.5, ArrowsChart.limit(0.3), 1e-12);
        assertEquals(2.5, ArrowsChart.limit(2.2), 1e-12);
    }
}
