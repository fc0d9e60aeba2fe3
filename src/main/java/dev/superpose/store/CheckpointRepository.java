package dev.superpose.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the {@code checkpoints} table: the checkpoint files of unfinished stacks, so
 * that a resumed run continues a stack from its newest one. Files are the caller's: this class
 * only says which rows exist and which were dropped.
 * Paths are stored as {@link Database#storedPath} says and read back absolute.
 */
public final class CheckpointRepository {
    private static final String COLUMNS = "stack_id, step, path, checksum, bytes, created_at";

    private final Database db;

    public CheckpointRepository(Database db) {
        this.db = db;
    }

    /**
     * Records the checkpoint of stack {@code stackId} at {@code step} (replacing a row of the
     * same step) and drops the stack's rows beyond the newest {@code keep}, in one transaction.
     *
     * @param path the checkpoint file, an absolute path
     *
     * @return the dropped rows, newest first, whose files the caller may now delete
     */
    public List<CheckpointRow> record(long sweepId, String stackId, long step, String path, String checksum,
                                      long bytes, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1, got " + keep);
        }
        if (step < 0 || bytes < 0) {
            throw new IllegalArgumentException("checkpoint of stack " + stackId + ": step and bytes must be >= 0, got "
                    + step + " and " + bytes);
        }
        requireHex(checksum);
        return db.transact(c -> {
            try (PreparedStatement merge = c.prepareStatement(
                    "MERGE INTO checkpoints (sweep_id, stack_id, step, path, checksum, bytes, created_at)"
                            + " KEY (sweep_id, stack_id, step) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                merge.setLong(1, sweepId);
                merge.setString(2, stackId);
                merge.setLong(3, step);
                merge.setString(4, db.storedPath(Path.of(path)));
                merge.setString(5, checksum);
                merge.setLong(6, bytes);
                merge.executeUpdate();
            }
            List<CheckpointRow> all = list(c, sweepId, stackId);
            List<CheckpointRow> superseded = all.subList(Math.min(keep, all.size()), all.size());
            for (CheckpointRow row : superseded) {
                delete(c, sweepId, stackId, row.step());
            }
            return List.copyOf(superseded);
        });
    }

    /** The checkpoints of stack {@code stackId}, newest (highest step) first. */
    public List<CheckpointRow> list(long sweepId, String stackId) {
        return db.transact(c -> list(c, sweepId, stackId));
    }

    /** Deletes the row of one checkpoint; true if there was one. */
    public boolean delete(long sweepId, String stackId, long step) {
        return db.transact(c -> delete(c, sweepId, stackId, step) > 0);
    }

    /**
     * Deletes every row of stack {@code stackId} (it finished, or restarts from scratch) and
     * returns them, newest first, so the caller can delete their files.
     */
    public List<CheckpointRow> deleteAll(long sweepId, String stackId) {
        return db.transact(c -> {
            List<CheckpointRow> rows = list(c, sweepId, stackId);
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM checkpoints WHERE sweep_id = ? AND stack_id = ?")) {
                delete.setLong(1, sweepId);
                delete.setString(2, stackId);
                delete.executeUpdate();
            }
            return rows;
        });
    }

    private List<CheckpointRow> list(Connection c, long sweepId, String stackId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                + " FROM checkpoints WHERE sweep_id = ? AND stack_id = ? ORDER BY step DESC")) {
            query.setLong(1, sweepId);
            query.setString(2, stackId);
            List<CheckpointRow> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new CheckpointRow(row.getString("stack_id"), row.getLong("step"),
                            db.resolveStored(row.getString("path")).toString(),
                            row.getString("checksum"), row.getLong("bytes"), Sql.instant(row, "created_at")));
                }
            }
            return rows;
        }
    }

    private static int delete(Connection c, long sweepId, String stackId, long step) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM checkpoints WHERE sweep_id = ? AND stack_id = ? AND step = ?")) {
            delete.setLong(1, sweepId);
            delete.setString(2, stackId);
            delete.setLong(3, step);
            return delete.executeUpdate();
        }
    }

    private static void requireHex(String checksum) {
        if (checksum == null || checksum.isEmpty() || !checksum.chars().allMatch(HexFormat::isHexDigit)
                || !checksum.equals(checksum.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("checkpoint checksum must be lowercase hex, got '" + checksum + "'");
        }
    }
}
