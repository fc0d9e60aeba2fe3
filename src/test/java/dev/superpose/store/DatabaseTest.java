package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path home;

    @Test
    void openCreatesTheFileAndMigratesTheSchema() {
        try (Database db = Database.open(home)) {
            assertEquals(home.toAbsolutePath().resolve("results/superpose.mv.db"), db.file());
            assertTrue(Files.isRegularFile(db.file()));
            assertEquals(List.of("EVENTS", "STACKS", "STEP_METRICS", "SWEEPS", "TRIALS", "flyway_schema_history"),
                    strings(db, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                            + " ORDER BY TABLE_NAME"));
        }
    }

    @Test
    void theSchemaItselfRejectsAnUnknownTrialStatus() {
        try (Database db = Database.open(home)) {
            long sweepId = Fixtures.sweepWithTrials(db, "intro", 1);
            StoreException e = assertThrows(StoreException.class, () -> db.transact(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE trials SET status = 'finished' WHERE sweep_id = " + sweepId);
                }
            }));
            // 23513 is a violated constraint; 23514 would mean H2 could not evaluate it at all.
            assertEquals(ErrorCode.CHECK_CONSTRAINT_VIOLATED_1, ((SQLException) e.getCause()).getErrorCode(),
                    e.getMessage());
        }
    }

    @Test
    void reopeningKeepsTheDataAndDoesNotMigrateAgain() {
        try (Database db = Database.open(home)) {
            long sweepId = Fixtures.sweepWithTrials(db, "intro", 3);
            new StepMetricRepository(db).append(sweepId, List.of("t0001"), 5, new double[] {0.25});
        }
        try (Database db = Database.open(home)) {
            long sweepId = new SweepRepository(db).findByName("intro").orElseThrow().id();
            assertEquals(3, new TrialRepository(db).list(sweepId).size());
            assertEquals(Map.of("t0001", List.of(new StepLoss(5, 0.25))),
                    new StepMetricRepository(db).lossCurves(sweepId));
            assertEquals(List.of("1"), strings(db, "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'"));
        }
    }

    @Test
    void aSecondProcessFindsTheDatabaseLocked() throws Exception {
        Process holder = startLockHolder();
        try {
            String file = home.toAbsolutePath().resolve("results/superpose.mv.db").toString();
            StoreException e = assertThrows(StoreException.class, () -> Database.open(home));
            assertTrue(e.getMessage().contains(file) && e.getMessage().contains("locked by another process"),
                    e.getMessage());
            StoreException reading = assertThrows(StoreException.class, () -> Database.openReadOnly(home));
            assertTrue(reading.getMessage().contains("locked by another process"), reading.getMessage());
        } finally {
            holder.getOutputStream().close();
            holder.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS), "lock holder did not exit");
        }
        assertEquals(0, holder.exitValue());
        try (Database db = Database.open(home)) {
            assertTrue(new SweepRepository(db).listAll().isEmpty());
        }
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefused() {
        try (Database db = Database.open(home)) {
            StoreException e = assertThrows(StoreException.class, () -> Database.open(home));
            assertTrue(e.getMessage().contains(db.file().toString())
                    && e.getMessage().contains("already open in this process"), e.getMessage());
            assertEquals(List.of(), new SweepRepository(db).listAll(), "the first Database still works");
        }
    }

    @Test
    void readOnlyOpenReadsButDoesNotWrite() {
        try (Database db = Database.open(home)) {
            Fixtures.sweepWithTrials(db, "intro", 2);
        }
        try (Database db = Database.openReadOnly(home)) {
            SweepRepository sweeps = new SweepRepository(db);
            assertEquals(List.of("intro"), sweeps.listAll().stream().map(SweepRow::name).toList());
            assertThrows(StoreException.class, () -> sweeps.create("other", "tms", "h", "{}", 0));
        }
    }

    @Test
    void readOnlyOpenOfAMissingDatabaseSaysWhere() {
        StoreException e = assertThrows(StoreException.class, () -> Database.openReadOnly(home));
        assertTrue(e.getMessage().contains(home.toAbsolutePath().resolve("results/superpose.mv.db").toString()),
                e.getMessage());
        assertTrue(Files.notExists(home.resolve("results/superpose.mv.db")));
    }

    @Test
    void aCorruptFileIsReportedWithItsPath() throws IOException {
        Path file = Files.createDirectories(home.resolve("results")).resolve("superpose.mv.db");
        Files.writeString(file, "this is not an H2 database ".repeat(1000));

        StoreException e = assertThrows(StoreException.class, () -> Database.open(home));

        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString())
                && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void anInterruptedThreadIsRefusedBeforeItCanCloseTheDatabase() {
        try (Database db = Database.open(home)) {
            SweepRepository sweeps = new SweepRepository(db);
            Thread.currentThread().interrupt();
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> sweeps.create("intro", "tms", "h", "{}", 0));
                assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            } finally {
                Thread.interrupted();
            }
            sweeps.create("intro", "tms", "h", "{}", 0);
            assertEquals(1, sweeps.listAll().size());
        }
    }

    private Process startLockHolder() throws IOException {
        // Surefire runs tests from a manifest-only jar; it publishes the real class path separately.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", classPath, LockHolder.class.getName(),
                home.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = output.readLine();
        } while (line != null && !line.equals(LockHolder.OPEN));
        if (line == null) {
            throw new IllegalStateException("lock holder exited before opening the database");
        }
        return holder;
    }

    private static List<String> strings(Database db, String sql) {
        return db.transact(c -> {
            List<String> values = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        });
    }
}
