package dev.superpose.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and writes the {@code loss_points} table: per-trial loss curves, packed a row per trial and write. */
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
     * Records the loss of each trial at {@code step} in one transaction; a step logged again
     * replaces the earlier value (and its time), so re-training steps after a resume is harmless.
     */
    public void append(long sweepId, List<String> trialIds, long step, double[] losses) {
        appendAll(sweepId, List.of(new LossPoint(trialIds, step, losses)));
    }

    /**
     * Records many loss points in one transaction (one commit, which is what makes the file grow):
     * one row per trial, holding that trial's points in step order. Points logged before at the
     * same steps are superseded, as by {@link #append}: readers take the newest row's value.
     */
    public void appendAll(long sweepId, List<LossPoint> points) {
        Map<String, TreeMap<Long, Double>> byTrial = new LinkedHashMap<>();
        for (LossPoint point : points) {
            for (int i = 0; i < point.losses().length; i++) {
                byTrial.computeIfAbsent(point.trialIds().get(i), id -> new TreeMap<>())
                        .put(point.step(), point.losses()[i]);
            }
        }
        db.transact(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO loss_points (sweep_id, trial_id, recorded_at, first_step, last_step, steps, losses)"
                            + " VALUES (?, ?, CURRENT_TIMESTAMP, ?, ?, ?, ?)")) {
                for (Map.Entry<String, TreeMap<Long, Double>> trial : byTrial.entrySet()) {
                    TreeMap<Long, Double> curve = trial.getValue();
                    insert.setLong(1, sweepId);
                    insert.setString(2, trial.getKey());
                    insert.setLong(3, curve.firstKey());
                    insert.setLong(4, curve.lastKey());
                    insert.setArray(5, c.createArrayOf("BIGINT", curve.keySet().toArray(Long[]::new)));
                    insert.setArray(6, c.createArrayOf("DOUBLE PRECISION", curve.values().toArray(Double[]::new)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** How many loss points the database holds, over all sweeps (a step logged twice counts twice). */
    public long count() {
        return db.transact(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT COALESCE(SUM(CARDINALITY(steps)), 0) FROM loss_points");
                 ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** The loss curve of every trial of sweep {@code sweepId} that has one, trials in grid order, points by step. */
    public Map<String, List<StepLoss>> lossCurves(long sweepId) {
        return db.transact(c -> {
            Map<String, TreeMap<Long, Double>> curves = new LinkedHashMap<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT m.trial_id, m.steps, m.losses FROM loss_points m JOIN trials t"
                            + " ON t.sweep_id = m.sweep_id AND t.trial_id = m.trial_id"
                            + " WHERE m.sweep_id = ? ORDER BY t.trial_index, m.id")) {
                query.setLong(1, sweepId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        Object[] steps = (Object[]) row.getArray(2).getArray();
                        Object[] losses = (Object[]) row.getArray(3).getArray();
                        TreeMap<Long, Double> curve = curves.computeIfAbsent(row.getString(1), id -> new TreeMap<>());
                        for (int i = 0; i < steps.length; i++) {
                            curve.put(((Number) steps[i]).longValue(), ((Number) losses[i]).doubleValue()); // newer rows win
                        }
                    }
                }
            }
            Map<String, List<StepLoss>> result = new LinkedHashMap<>();
            curves.forEach((trial, curve) -> result.put(trial, curve.entrySet().stream()
                    .map(p -> new StepLoss(p.getKey(), p.getValue())).toList()));
            return result;
        });
    }
}
