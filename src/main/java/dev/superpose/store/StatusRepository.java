package dev.superpose.store;

import dev.superpose.store.Lifecycle.StackStatus;
import dev.superpose.store.Lifecycle.TrialStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Read-only summaries of sweeps for {@code superpose status}: progress, throughput, ETA, the
 * last event and error. Each call reads one consistent snapshot (one transaction).
 */
public final class StatusRepository {
    /** Throughput is measured over the loss points recorded in this window before "now". */
    public static final Duration THROUGHPUT_WINDOW = Duration.ofMinutes(5);

    private final Database db;

    public StatusRepository(Database db) {
        this.db = db;
    }

    /** The status of every sweep, oldest first, as of {@code now}. */
    public List<SweepStatus> sweeps(Instant now) {
        return db.transact(c -> {
            List<SweepStatus> statuses = new ArrayList<>();
            for (SweepRow sweep : SweepRepository.select(c, "TRUE", null)) {
                statuses.add(status(c, sweep, now));
            }
            return statuses;
        });
    }

    /** The sweep called {@code name} with its stacks and failed trials, as of {@code now}; empty if unknown. */
    public Optional<SweepDetail> sweep(String name, Instant now) {
        return db.transact(c -> {
            Optional<SweepRow> found = SweepRepository.select(c, "name = ?", name).stream().findFirst();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            SweepRow sweep = found.get();
            return Optional.of(new SweepDetail(status(c, sweep, now), StackRepository.list(c, sweep.id()),
                    trainers(c, sweep.id(), now), failedTrials(c, sweep.id())));
        });
    }

    private static SweepStatus status(Connection c, SweepRow sweep, Instant now) throws SQLException {
        long id = sweep.id();
        long[] steps = trialSteps(c, id);
        double rate = trialStepsPerSecond(c, id, now);
        long remaining = steps[1] - steps[0];
        OptionalDouble eta = remaining <= 0 ? OptionalDouble.of(0)
                : rate > 0 ? OptionalDouble.of(remaining / rate) : OptionalDouble.empty();
        List<EventRow> lastEvent = EventRepository.recent(c, id, 1);
        double trainingSeconds = TrainingTime.seconds(c, id);
        double mean = trainingSeconds > 0 ? steps[0] / trainingSeconds : 0;
        return new SweepStatus(sweep.name(), sweep.experiment(), sweep.status(), sweep.trialsTotal(),
                TrialRepository.countsByStatus(c, id), steps[0], steps[1], rate, mean, eta, lastEvent.isEmpty() ? null : lastEvent.get(0),
                lastError(c, id), latestUpdate(c, sweep));
    }

    /** {done, total} trial-steps, as {@link SweepStatus} defines them. */
    private static long[] trialSteps(Connection c, long sweepId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT COALESCE(SUM(CASE WHEN t.status IN " + Lifecycle.sql(TrialStatus.DONE, TrialStatus.DIVERGED)
                        + " THEN s.steps_total"
                        + "   WHEN t.status = " + Lifecycle.sql(TrialStatus.RUNNING)
                        + " THEN LEAST(s.steps_done, s.steps_total) ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN t.status = " + Lifecycle.sql(TrialStatus.FAILED)
                        + " THEN 0 ELSE s.steps_total END), 0)"
                        + " FROM trials t LEFT JOIN stacks s ON s.sweep_id = t.sweep_id AND s.stack_id = t.stack_id"
                        + " WHERE t.sweep_id = ?")) {
            query.setLong(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        }
    }

    /**
     * Trial-steps per second over the loss points recorded in the window: each trial's step
     * advance between its first and last point in the window, summed, over the time from the
     * window's first point to its last. Fewer than two distinct times give 0.
     */
    private static double trialStepsPerSecond(Connection c, long sweepId, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT COALESCE(SUM(advance), 0), MIN(first_at), MAX(last_at) FROM ("
                        + " SELECT MAX(last_step) - MIN(first_step) AS advance, MIN(recorded_at) AS first_at,"
                        + " MAX(recorded_at) AS last_at FROM loss_points"
                        + " WHERE sweep_id = ? AND recorded_at >= ? AND recorded_at <= ? GROUP BY trial_id)")) {
            query.setLong(1, sweepId);
            query.setObject(2, OffsetDateTime.ofInstant(now.minus(THROUGHPUT_WINDOW), ZoneOffset.UTC));
            query.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long advance = row.getLong(1);
                OffsetDateTime first = row.getObject(2, OffsetDateTime.class);
                OffsetDateTime last = row.getObject(3, OffsetDateTime.class);
                if (first == null) {
                    return 0;
                }
                double seconds = Duration.between(first, last).toNanos() / 1e9;
                return seconds > 0 ? advance / seconds : 0;
            }
        }
    }

    /**
     * The trainers holding a running stack, by trainer name: each stack's steps per second are
     * the advance of its first trial's loss points in the throughput window over their time span.
     */
    private static List<TrainerActivity> trainers(Connection c, long sweepId, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT s.trainer, s.stack_id, s.steps_done, s.steps_total, s.updated_at,"
                        + " MAX(m.last_step) - MIN(m.first_step), MIN(m.recorded_at), MAX(m.recorded_at)"
                        + " FROM stacks s LEFT JOIN loss_points m ON m.sweep_id = s.sweep_id"
                        + "  AND m.trial_id = (SELECT MIN(t.trial_id) FROM trials t"
                        + "   WHERE t.sweep_id = s.sweep_id AND t.stack_id = s.stack_id)"
                        + "  AND m.recorded_at >= ? AND m.recorded_at <= ?"
                        + " WHERE s.sweep_id = ? AND s.status = " + Lifecycle.sql(StackStatus.RUNNING) + " AND s.trainer IS NOT NULL"
                        + " GROUP BY s.trainer, s.stack_id, s.steps_done, s.steps_total, s.updated_at"
                        + " ORDER BY s.trainer")) {
            query.setObject(1, OffsetDateTime.ofInstant(now.minus(THROUGHPUT_WINDOW), ZoneOffset.UTC));
            query.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            query.setLong(3, sweepId);
            List<TrainerActivity> trainers = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    OffsetDateTime first = row.getObject(7, OffsetDateTime.class);
                    OffsetDateTime last = row.getObject(8, OffsetDateTime.class);
                    double seconds = first == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
                    trainers.add(new TrainerActivity(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4),
                            seconds > 0 ? row.getLong(6) / seconds : 0, Sql.instant(row, "updated_at")));
                }
            }
            return trainers;
        }
    }

    private static String lastError(Connection c, long sweepId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT error FROM (SELECT error, updated_at FROM trials WHERE sweep_id = ? AND error IS NOT NULL"
                        + " UNION ALL SELECT error, updated_at FROM stacks WHERE sweep_id = ? AND error IS NOT NULL)"
                        + " ORDER BY updated_at DESC FETCH FIRST 1 ROWS ONLY")) {
            query.setLong(1, sweepId);
            query.setLong(2, sweepId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static Instant latestUpdate(Connection c, SweepRow sweep) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT MAX(at) FROM (SELECT MAX(updated_at) AS at FROM trials WHERE sweep_id = ?"
                        + " UNION ALL SELECT MAX(updated_at) FROM stacks WHERE sweep_id = ?)")) {
            query.setLong(1, sweep.id());
            query.setLong(2, sweep.id());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                OffsetDateTime children = row.getObject(1, OffsetDateTime.class);
                return children == null || children.toInstant().isBefore(sweep.updatedAt()) ? sweep.updatedAt()
                        : children.toInstant();
            }
        }
    }

    private static List<SweepDetail.FailedTrial> failedTrials(Connection c, long sweepId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT trial_id, stack_id, error FROM trials WHERE sweep_id = ? AND status = " + Lifecycle.sql(TrialStatus.FAILED)
                        + " ORDER BY trial_index")) {
            query.setLong(1, sweepId);
            List<SweepDetail.FailedTrial> failed = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    failed.add(new SweepDetail.FailedTrial(row.getString(1), row.getString(2), row.getString(3)));
                }
            }
            return failed;
        }
    }
}
