package dev.superpose.store;

import dev.superpose.store.Lifecycle.StackStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the {@code stacks} table and which trials each stack holds. */
public final class StackRepository {
    private final Database db;

    public StackRepository(Database db) {
        this.db = db;
    }

    /**
     * Creates stack {@code stackId} as {@link StackStatus#PLANNED} (or, if it exists, keeps its progress and
     * updates its step count) and makes {@code trialIds} exactly its trials.
     */
    public void upsert(long sweepId, String stackId, long stepsTotal, List<String> trialIds) {
        db.transact(c -> {
            int updated;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE stacks SET steps_total = ?, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE sweep_id = ? AND stack_id = ?")) {
                update.setLong(1, stepsTotal);
                update.setLong(2, sweepId);
                update.setString(3, stackId);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO stacks (sweep_id, stack_id, status, steps_total, updated_at)"
                                + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                    insert.setLong(1, sweepId);
                    insert.setString(2, stackId);
                    insert.setString(3, StackStatus.PLANNED.id());
                    insert.setLong(4, stepsTotal);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement release = c.prepareStatement(
                    "UPDATE trials SET stack_id = NULL, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE sweep_id = ? AND stack_id = ?")) {
                release.setLong(1, sweepId);
                release.setString(2, stackId);
                release.executeUpdate();
            }
            TrialRepository.assignStack(c, sweepId, trialIds, stackId);
            return null;
        });
    }

    /** Records a trainer's report on stack {@code stackId}; {@code trainer} and {@code error} may be null. */
    public void setProgress(long sweepId, String stackId, StackStatus status, long stepsDone, String trainer, String error) {
        db.transact(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE stacks SET status = ?, steps_done = ?, trainer = ?, error = ?,"
                            + " updated_at = CURRENT_TIMESTAMP WHERE sweep_id = ? AND stack_id = ?")) {
                update.setString(1, status.id());
                update.setLong(2, stepsDone);
                update.setString(3, trainer);
                Sql.setText(update, 4, error);
                update.setLong(5, sweepId);
                update.setString(6, stackId);
                Sql.requireFound(update.executeUpdate(), "stack " + stackId + " in sweep " + sweepId);
            }
            return null;
        });
    }

    /** Every stack of sweep {@code sweepId}, by stack id, each with its trials in grid order. */
    public List<StackRow> list(long sweepId) {
        return db.transact(c -> list(c, sweepId));
    }

    /** {@link #list(long)} inside the caller's transaction. */
    static List<StackRow> list(Connection c, long sweepId) throws SQLException {
        Map<String, List<String>> trialsByStack = new LinkedHashMap<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT stack_id, trial_id FROM trials WHERE sweep_id = ? AND stack_id IS NOT NULL"
                        + " ORDER BY trial_index")) {
            query.setLong(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    trialsByStack.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(row.getString(2));
                }
            }
        }
        List<StackRow> stacks = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT stack_id, status, steps_done, steps_total, trainer, error, updated_at FROM stacks"
                        + " WHERE sweep_id = ? ORDER BY stack_id")) {
            query.setLong(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String stackId = row.getString("stack_id");
                    stacks.add(new StackRow(stackId, Lifecycle.byId(StackStatus.class, row.getString("status")), row.getLong("steps_done"),
                            row.getLong("steps_total"), row.getString("trainer"), row.getString("error"),
                            Sql.instant(row, "updated_at"), trialsByStack.getOrDefault(stackId, List.of())));
                }
            }
        }
        return stacks;
    }
}
