package dev.superpose.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the {@code step_metrics} table: per-trial loss curves. */
public final class StepMetricRepository {
    private final Database db;

    public StepMetricRepository(Database db) {
        this.db = db;
    }

    /** The loss of each trial of {@code trialIds} at {@code step} ({@code losses[i]} belongs to {@code trialIds.get(i)}). */
    public record LossPoint(List<String> trialIds, long step, double[] losses) {
        public LossPoint {
            if (losses.length != trialIds.size()) {
                throw new IllegalArgumentException("step " + step + ": " + trialIds.size() + " trial ids but "
                        + losses.length + " losses");
            }
        }
    }

    /**
     * Records the loss of each trial at {@code step} in one batched transaction; a step logged
     * again replaces the earlier value (and its time), so re-training steps after a resume is harmless.
     */
    public void append(long sweepId, List<String> trialIds, long step, double[] losses) {
        appendAll(sweepId, List.of(new LossPoint(trialIds, step, losses)));
    }

    /**
     * Records many loss points in one transaction (one commit, which is what makes the file grow),
     * replacing points logged before as {@link #append} does.
     */
    public void appendAll(long sweepId, List<LossPoint> points) {
        db.transact(c -> {
            try (PreparedStatement merge = c.prepareStatement(
                    "MERGE INTO step_metrics (sweep_id, trial_id, step, loss, recorded_at) KEY (sweep_id, trial_id, step)"
                            + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                for (LossPoint point : points) {
                    for (int i = 0; i < point.losses().length; i++) {
                        merge.setLong(1, sweepId);
                        merge.setString(2, point.trialIds().get(i));
                        merge.setLong(3, point.step());
                        merge.setDouble(4, point.losses()[i]);
                        merge.addBatch();
                    }
                }
                merge.executeBatch();
            }
            return null;
        });
    }

    /** How many loss points the database holds, over all sweeps. */
    public long count() {
        return db.transact(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM step_metrics");
                 ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** The loss curve of every trial of sweep {@code sweepId} that has one, trials in grid order, points by step. */
    public Map<String, List<StepLoss>> lossCurves(long sweepId) {
        return db.transact(c -> {
            Map<String, List<StepLoss>> curves = new LinkedHashMap<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT m.trial_id, m.step, m.loss FROM step_metrics m JOIN trials t"
                            + " ON t.sweep_id = m.sweep_id AND t.trial_id = m.trial_id"
                            + " WHERE m.sweep_id = ? ORDER BY t.trial_index, m.step")) {
                query.setLong(1, sweepId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        curves.computeIfAbsent(row.getString(1), id -> new ArrayList<>())
                                .add(new StepLoss(row.getLong(2), row.getDouble(3)));
                    }
                }
            }
            return curves;
        });
    }
}
