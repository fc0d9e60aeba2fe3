package dev.superpose.store;

import dev.superpose.store.Lifecycle.EventKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the {@code events} table: a sweep's log of what happened when. */
public final class EventRepository {
    private final Database db;

    public EventRepository(Database db) {
        this.db = db;
    }

    /** Appends an event of {@code kind}; {@code stackId}, {@code trialId} and {@code detail} may be null. */
    public void record(long sweepId, EventKind kind, String stackId, String trialId, String detail) {
        db.transact(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO events (sweep_id, at, kind, stack_id, trial_id, detail)"
                            + " VALUES (?, CURRENT_TIMESTAMP, ?, ?, ?, ?)")) {
                insert.setLong(1, sweepId);
                insert.setString(2, kind.id());
                insert.setString(3, stackId);
                insert.setString(4, trialId);
                Sql.setText(insert, 5, detail);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The {@code n} most recent events of sweep {@code sweepId}, newest first. */
    public List<EventRow> recent(long sweepId, int n) {
        return db.transact(c -> recent(c, sweepId, n));
    }

    /** {@link #recent(long, int)} inside the caller's transaction. */
    static List<EventRow> recent(Connection c, long sweepId, int n) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT id, at, kind, stack_id, trial_id, detail FROM events WHERE sweep_id = ?"
                        + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
            query.setLong(1, sweepId);
            query.setInt(2, n);
            List<EventRow> events = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    events.add(new EventRow(row.getLong("id"), Sql.instant(row, "at"), Lifecycle.byId(EventKind.class, row.getString("kind")),
                            row.getString("stack_id"), row.getString("trial_id"), row.getString("detail")));
                }
            }
            return events;
        }
    }
}
