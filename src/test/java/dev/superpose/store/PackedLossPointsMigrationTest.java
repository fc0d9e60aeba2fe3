package dev.superpose.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A home written before schema v4 (one {@code step_metrics} row per loss point) opens with its
 * curves intact: migration V4 packs them, one row per trial and write time, and the curves,
 * the point count and the times status reads come back as they were.
 */
class PackedLossPointsMigrationTest {
    @TempDir
    Path home;

    /** A connection to a new database of schema v3, as a home was, with H2's initial empty admin password. */
    private Connection homeOfSchemaV3() throws SQLException {
        String url = "jdbc:h2:file:" + home.resolve("results/superpose").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        Flyway.configure(Database.class.getClassLoader()).dataSource(url, AdminAccount.USER, "")
                .locations("classpath:db/migration").target("3").load().migrate();
        return DriverManager.getConnection(url, AdminAccount.USER, "");
    }

    @Test
    void anOldHomesLossPointsSurviveThePacking() throws SQLException {
        try (Connection c = homeOfSchemaV3(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sweeps (id, name, experiment, config_hash, config_json, status, trials_total,"
                    + " created_at, updated_at) VALUES (7, 'old', 'tms', 'h', '{}', 'running', 2, NOW(), NOW())");
            for (String trial : List.of("t0000", "t0001")) {
                s.executeUpdate("INSERT INTO trials (sweep_id, trial_id, trial_index, seed, grid_point_json,"
                        + " config_json, status, updated_at) VALUES (7, '" + trial + "', " + trial.charAt(4)
                        + ", 0, '{}', '{}', 'running', NOW())");
            }
            // t0000: steps 10 and 20 written together, 30 later; t0001: step 10 only
            s.executeUpdate("INSERT INTO step_metrics (sweep_id, trial_id, step, loss, recorded_at) VALUES"
                    + " (7, 't0000', 20, 0.5, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),"
                    + " (7, 't0000', 10, 0.75, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),"
                    + " (7, 't0000', 30, 0.25, TIMESTAMP WITH TIME ZONE '2026-01-01 00:01:00+00'),"
                    + " (7, 't0001', 10, 1.5, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
        }

        try (Database db = Database.open(home)) {
            StepMetricRepository metrics = new StepMetricRepository(db);
            assertEquals(Map.of(
                    "t0000", List.of(new StepLoss(10, 0.75), new StepLoss(20, 0.5), new StepLoss(30, 0.25)),
                    "t0001", List.of(new StepLoss(10, 1.5))), metrics.lossCurves(7));
            assertEquals(4, metrics.count());
            assertEquals(List.of("t0000 10-20 2026-01-01T00:00Z", "t0000 30-30 2026-01-01T00:01Z",
                    "t0001 10-10 2026-01-01T00:00Z"), db.transact(c -> {
                        try (Statement s = c.createStatement(); var rows = s.executeQuery(
                                "SELECT trial_id, first_step, last_step, recorded_at FROM loss_points ORDER BY id")) {
                            List<String> packed = new java.util.ArrayList<>();
                            while (rows.next()) {
                                packed.add(rows.getString(1) + " " + rows.getLong(2) + "-" + rows.getLong(3) + " "
                                        + rows.getObject(4, java.time.OffsetDateTime.class)
                                        .withOffsetSameInstant(java.time.ZoneOffset.UTC));
                            }
                            return packed;
                        }
                    }));
            // the resumed sweep logs on into the packed table; a re-logged step replaces the migrated value
            metrics.append(7, List.of("t0000"), 30, new double[]{0.125});
            assertEquals(new StepLoss(30, 0.125), metrics.lossCurves(7).get("t0000").get(2));
        }
    }

    @Test
    void aReaderOfAnOldHomeUpgradesItFirstInsteadOfFailingOnTheMissingTable() throws SQLException {
        try (Connection c = homeOfSchemaV3(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sweeps (id, name, experiment, config_hash, config_json, status, trials_total,"
                    + " created_at, updated_at) VALUES (7, 'old', 'tms', 'h', '{}', 'done', 1, NOW(), NOW())");
            s.executeUpdate("INSERT INTO trials (sweep_id, trial_id, trial_index, seed, grid_point_json,"
                    + " config_json, status, updated_at) VALUES (7, 't0000', 0, 0, '{}', '{}', 'done', NOW())");
            s.executeUpdate("INSERT INTO step_metrics (sweep_id, trial_id, step, loss, recorded_at)"
                    + " VALUES (7, 't0000', 10, 0.75, NOW())");
        }
        // status and export open the home this way; before, the query failed: Table "LOSS_POINTS" not found
        try (Database db = Database.openReadOnly(home)) {
            assertEquals(Map.of("t0000", List.of(new StepLoss(10, 0.75))), new StepMetricRepository(db).lossCurves(7));
        }
    }
}
