package dev.superpose.store;

import dev.superpose.store.Lifecycle.TrialStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the {@code trials} table; statuses are {@link TrialStatus}. */
public final class TrialRepository {

    private final Database db;

    public TrialRepository(Database db) {
        this.db = db;
    }

    /** Inserts all {@code trials} of sweep {@code sweepId} as pending, in one batched transaction. */
    public void insertAll(long sweepId, List<NewTrial> trials) {
        db.transact(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO trials (sweep_id, trial_id, trial_index, seed, grid_point_json, config_json,"
                            + " status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                for (NewTrial trial : trials) {
                    insert.setLong(1, sweepId);
                    insert.setString(2, trial.trialId());
                    insert.setInt(3, trial.index());
                    insert.setLong(4, trial.seed());
                    insert.setString(5, trial.gridPointJson());
                    insert.setString(6, trial.configJson());
                    insert.setString(7, TrialStatus.PENDING.id());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Every trial of sweep {@code sweepId}, in grid order. */
    public List<TrialRow> list(long sweepId) {
        return db.transact(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT trial_id, trial_index, seed, grid_point_json, config_json, status, stack_id, error,"
                            + " metrics_json, steps_done, updated_at FROM trials WHERE sweep_id = ? ORDER BY trial_index")) {
                query.setLong(1, sweepId);
                List<TrialRow> trials = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        trials.add(new TrialRow(row.getString("trial_id"), row.getInt("trial_index"),
                                row.getLong("seed"), row.getString("grid_point_json"), row.getString("config_json"),
                                Lifecycle.byId(TrialStatus.class, row.getString("status")), row.getString("stack_id"), row.getString("error"),
                                row.getString("metrics_json"), row.getLong("steps_done"),
                                Sql.instant(row, "updated_at")));
                    }
                }
                return trials;
            }
        });
    }

    /** Puts the given trials into stack {@code stackId}, which must exist. */
    public void assignStack(long sweepId, List<String> trialIds, String stackId) {
        db.transact(c -> {
            assignStack(c, sweepId, trialIds, stackId);
            return null;
        });
    }

    /** Sets the status (and error, which may be null) of the given trials. */
    public void setStatus(long sweepId, List<String> trialIds, TrialStatus status, String error) {
        db.transact(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE trials SET status = ?, error = ?, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE sweep_id = ? AND trial_id = ?")) {
                for (String trialId : trialIds) {
                    update.setString(1, status.id());
                    Sql.setText(update, 2, error);
                    update.setLong(3, sweepId);
                    update.setString(4, trialId);
                    update.addBatch();
                }
                Sql.requireEveryRowFound(update.executeBatch(), trialIds, "trial in sweep " + sweepId);
            }
            return null;
        });
    }

    /** Records a trial that finished training ({@code done} or {@code diverged}): its metrics and steps, no error. */
    public void complete(long sweepId, String trialId, TrialStatus status, String metricsJson, long stepsDone) {
        if (status != TrialStatus.DONE && status != TrialStatus.DIVERGED) {
            throw new IllegalArgumentException("a completed trial is done or diverged, got " + status.id());
        }
        db.transact(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE trials SET status = ?, metrics_json = ?, steps_done = ?, error = NULL,"
                            + " updated_at = CURRENT_TIMESTAMP WHERE sweep_id = ? AND trial_id = ?")) {
                update.setString(1, status.id());
                update.setString(2, metricsJson);
                update.setLong(3, stepsDone);
                update.setLong(4, sweepId);
                update.setString(5, trialId);
                Sql.requireFound(update.executeUpdate(), "trial " + trialId + " in sweep " + sweepId);
            }
            return null;
        });
    }

    /** How many trials of sweep {@code sweepId} have each status; every status is present, zero if unused. */
    public Map<TrialStatus, Long> countsByStatus(long sweepId) {
        return db.transact(c -> countsByStatus(c, sweepId));
    }

    /** {@link #countsByStatus(long)} inside the caller's transaction, in the order of {@link TrialStatus}. */
    static Map<TrialStatus, Long> countsByStatus(Connection c, long sweepId) throws SQLException {
        Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
        for (TrialStatus status : TrialStatus.values()) {
            counts.put(status, 0L);
        }
        try (PreparedStatement query = c.prepareStatement(
                "SELECT status, COUNT(*) FROM trials WHERE sweep_id = ? GROUP BY status")) {
            query.setLong(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    counts.put(Lifecycle.byId(TrialStatus.class, row.getString(1)), row.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Assigns trials to a stack inside the caller's transaction (shared with the stack upsert). */
    static void assignStack(Connection c, long sweepId, List<String> trialIds, String stackId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE trials SET stack_id = ?, updated_at = CURRENT_TIMESTAMP WHERE sweep_id = ? AND trial_id = ?")) {
            for (String trialId : trialIds) {
                update.setString(1, stackId);
                update.setLong(2, sweepId);
                update.setString(3, trialId);
                update.addBatch();
            }
            Sql.requireEveryRowFound(update.executeBatch(), trialIds, "trial in sweep " + sweepId);
        }
    }
}
