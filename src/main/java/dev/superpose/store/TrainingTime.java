package dev.superpose.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * How long a sweep has spent training, over all its runs: each attempt of a stack lasts from its
 * {@code start} event to its last loss point before the stack's next start; attempts of stacks
 * trained at the same time count once. Pauses between runs, planning and evaluation after the
 * last loss point are not training.
 */
final class TrainingTime {
    private TrainingTime() {
    }

    static double seconds(Connection c, long sweepId) throws SQLException {
        Map<String, List<Instant>> starts = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT stack_id, at FROM events WHERE sweep_id = ? AND kind = 'start' AND stack_id IS NOT NULL")) {
            query.setLong(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    starts.computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                            .add(row.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        Map<String, NavigableSet<Instant>> points = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT DISTINCT t.stack_id, m.recorded_at FROM loss_points m JOIN trials t"
                        + " ON t.sweep_id = m.sweep_id AND t.trial_id = m.trial_id"
                        + " WHERE m.sweep_id = ? AND t.stack_id IS NOT NULL")) {
            query.setLong(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    points.computeIfAbsent(row.getString(1), k -> new TreeSet<>())
                            .add(row.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        List<Instant[]> attempts = new ArrayList<>();
        starts.forEach((stack, times) -> {
            NavigableSet<Instant> stackPoints = points.getOrDefault(stack, new TreeSet<>());
            times.sort(Comparator.naturalOrder());
            for (int i = 0; i < times.size(); i++) {
                Instant start = times.get(i);
                NavigableSet<Instant> during = i + 1 < times.size()
                        ? stackPoints.subSet(start, true, times.get(i + 1), false) : stackPoints.tailSet(start, true);
                if (!during.isEmpty()) {
                    attempts.add(new Instant[] {start, during.last()});
                }
            }
        });
        return unionSeconds(attempts);
    }

    /** The length of the union of the intervals [from, to]. */
    private static double unionSeconds(List<Instant[]> intervals) {
        intervals.sort(Comparator.comparing(interval -> interval[0]));
        Duration total = Duration.ZERO;
        Instant coveredTo = Instant.MIN;
        for (Instant[] interval : intervals) {
            Instant from = interval[0].isAfter(coveredTo) ? interval[0] : coveredTo;
            if (interval[1].isAfter(from)) {
                total = total.plus(Duration.between(from, interval[1]));
                coveredTo = interval[1];
            }
        }
        return total.toNanos() / 1e9;
    }
}
