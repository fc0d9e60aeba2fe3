package dev.superpose.analysis;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Picks the model each cell shows when several were trained per cell (seeds): the one with the
 * lowest loss, since a cell asks what the best solution is and a higher loss means the optimiser
 * got stuck in a worse local minimum.
 */
public final class LowestLoss {
    private LowestLoss() {
    }

    /**
     * The lowest-loss model of each cell, keyed by cell in the order cells first appear. Models with
     * a non-finite loss (diverged) are skipped, so a cell whose models all diverged is absent; among
     * equal losses the first listed wins.
     */
    public static <K> Map<K, CellModel<K>> perCell(Collection<CellModel<K>> models) {
        Map<K, CellModel<K>> best = new LinkedHashMap<>();
        for (CellModel<K> model : models) {
            if (Double.isFinite(model.loss())) {
                best.merge(model.cell(), model, (kept, other) -> other.loss() < kept.loss() ? other : kept);
            }
        }
        return best;
    }
}
