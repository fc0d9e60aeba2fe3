package dev.superpose.store;

import dev.superpose.store.Lifecycle.SweepState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.h2.api.ErrorCode;

/** Reads and writes the {@code sweeps} table. */
public final class SweepRepository {
    private static final String COLUMNS =
            "id, name, experiment, config_hash, config_json, status, trials_total, created_at, updated_at";

    private final Database db;

    public SweepRepository(Database db) {
        this.db = db;
    }

    /** Inserts a new sweep with status {@link SweepState#CREATED}; the name must not be taken yet. */
    public SweepRow create(String name, String experiment, String configHash, String configJson, int trialsTotal) {
        return db.transact(c -> {
            long id;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO sweeps (name, experiment, config_hash, config_json, status, trials_total,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, experiment);
                insert.setString(3, configHash);
                insert.setString(4, configJson);
                insert.setString(5, SweepState.CREATED.id());
                insert.setInt(6, trialsTotal);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1) {
                    throw new IllegalArgumentException("a sweep named '" + name + "' already exists", e);
                }
                throw e;
            }
            return select(c, "id = ?", id).get(0);
        });
    }

    /** The sweep called {@code name}, if there is one. */
    public Optional<SweepRow> findByName(String name) {
        return db.transact(c -> select(c, "name = ?", name).stream().findFirst());
    }

    /** Every sweep, oldest first. */
    public List<SweepRow> listAll() {
        return db.transact(c -> select(c, "TRUE", null));
    }

    /**
     * The sweep's own identity (a random UUID given when it was created), which {@code
     * models/<sweep>/sweep-id} repeats so that a database that does not belong to the weights beside it
     * is noticed.
     */
    public String uid(long sweepId) {
        return db.transact(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT uid FROM sweeps WHERE id = ?")) {
                query.setLong(1, sweepId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalArgumentException("no sweep with id " + sweepId);
                    }
                    return row.getString(1);
                }
            }
        });
    }

    /** Sets the status of sweep {@code sweepId}. */
    public void setStatus(long sweepId, SweepState status) {
        db.transact(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE sweeps SET status = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?")) {
                update.setString(1, status.id());
                update.setLong(2, sweepId);
                Sql.requireFound(update.executeUpdate(), "sweep with id " + sweepId);
            }
            return null;
        });
    }

    /** Records that sweep {@code sweepId} now has the config and the trials of an extension. */
    public void extend(long sweepId, String configHash, String configJson, int trialsTotal) {
        db.transact(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE sweeps SET config_hash = ?, config_json = ?,"
                    + " trials_total = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?")) {
                update.setString(1, configHash);
                update.setString(2, configJson);
                update.setInt(3, trialsTotal);
                update.setLong(4, sweepId);
                Sql.requireFound(update.executeUpdate(), "sweep with id " + sweepId);
            }
            return null;
        });
    }

    /**
     * Deletes sweep {@code sweepId} with its stacks, trials, loss curves, events and checkpoint
     * rows (the schema's cascades), in one transaction. Trials go first: they refer to stacks,
     * which the sweep's cascade would otherwise delete under them.
     */
    public void delete(long sweepId) {
        db.transact(c -> {
            try (PreparedStatement trials = c.prepareStatement("DELETE FROM trials WHERE sweep_id = ?")) {
                trials.setLong(1, sweepId);
                trials.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM sweeps WHERE id = ?")) {
                delete.setLong(1, sweepId);
                Sql.requireFound(delete.executeUpdate(), "sweep with id " + sweepId);
            }
            return null;
        });
    }

    /** The sweeps matching {@code condition} (with at most one parameter), inside the caller's transaction. */
    static List<SweepRow> select(Connection c, String condition, Object parameter) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM sweeps WHERE " + condition + " ORDER BY id")) {
            if (parameter != null) {
                query.setObject(1, parameter);
            }
            List<SweepRow> sweeps = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    sweeps.add(new SweepRow(row.getLong("id"), row.getString("name"), row.getString("experiment"),
                            row.getString("config_hash"), row.getString("config_json"), Lifecycle.byId(SweepState.class, row.getString("status")),
                            row.getInt("trials_total"), Sql.instant(row, "created_at"),
                            Sql.instant(row, "updated_at")));
                }
            }
            return sweeps;
        }
    }
}
