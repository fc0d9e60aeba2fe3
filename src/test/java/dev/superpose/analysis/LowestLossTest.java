package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LowestLossTest {
    private record Cell(int row, int column) {
    }

    private static CellModel<Cell> model(int row, int column, double loss) {
        return new CellModel<>(new Cell(row, column), loss, new TmsWeights(1, 2, new float[2], new float[2]));
    }

    @Test
    void keepsTheLowestFiniteLossOfEachCellInFirstSeenOrder() {
        CellModel<Cell> a1 = model(0, 1, 0.3);
        CellModel<Cell> a2 = model(0, 1, 0.1);
        CellModel<Cell> a3 = model(0, 1, Double.NaN);
        CellModel<Cell> b1 = model(2, 0, 0.5);
        CellModel<Cell> b2 = model(2, 0, 0.5);
        CellModel<Cell> diverged = model(3, 3, Double.POSITIVE_INFINITY);

        Map<Cell, CellModel<Cell>> best = LowestLoss.perCell(List.of(a1, b1, a2, a3, diverged, b2));

        assertEquals(List.of(new Cell(0, 1), new Cell(2, 0)), List.copyOf(best.keySet()));
        assertSame(a2, best.get(new Cell(0, 1)));
        assertSame(b1, best.get(new Cell(2, 0)), "ties keep the first listed");
    }
}
