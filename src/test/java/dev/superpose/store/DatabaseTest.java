package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
            assertEquals(List.of("CHECKPOINTS", "EVENTS", "LOSS_POINTS", "STACKS", "SWEEPS", "SWEEP_INPUTS", "TRIALS",
                            "flyway_schema_history"),
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
            assertEquals(List.of("1", "2", "3", "4"), strings(db, "SELECT \"version\" FROM \"flyway_schema_history\""
                    + " WHERE \"type\" = 'SQL' ORDER BY \"installed_rank\""));
        }
    }

    @Test
    void anotherProcessReadsWhileTheWriterHoldsAndWritesTheDatabase() throws Exception {
        try (ChildJvm writer = ChildJvm.start(DatabaseHolder.class, home.toAbsolutePath().toString())) {
            try (Database reader = Database.openReadOnly(home)) {
                SweepRow sweep = new SweepRepository(reader).findByName("intro").orElseThrow();
                assertEquals(3, new TrialRepository(reader).list(sweep.id()).size());
                StepMetricRepository curves = new StepMetricRepository(reader);
                assertEquals(List.of(new StepLoss(0, 1.0)), curves.lossCurves(sweep.id()).get("t0000"));

                writer.ask("step 3", DatabaseHolder.WROTE);

                assertEquals(List.of(new StepLoss(0, 1.0), new StepLoss(3, 0.25)),
                        curves.lossCurves(sweep.id()).get("t0000"), "the reader sees the writer's new rows");
                assertThrows(StoreException.class, () -> new SweepRepository(reader).create("sneaked-in", "tms", "h", "{}", 0),
                        "the reader has no right to write");
            }
            // A second writer is still kept out of the file (two runs are HomeLock's to prevent).
            StoreException e = assertThrows(StoreException.class, () -> Database.open(home));
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            try (Database reader = Database.openReadOnly(home)) {
                assertEquals(List.of("intro"), names(reader), "a read-only Database commits nothing");
            }
        }
        try (Database db = Database.open(home)) {
            long sweepId = new SweepRepository(db).findByName("intro").orElseThrow().id();
            assertEquals(2, new StepMetricRepository(db).lossCurves(sweepId).get("t0000").size());
        }
    }

    @Test
    void theReadServerListensOnLoopbackOnlyAndWithdrawsItsAddressOnClose() throws IOException {
        Path addressFile = home.resolve("results/superpose.server");
        try (Database db = Database.open(home)) {
            Properties published = new Properties();
            try (Reader in = Files.newBufferedReader(addressFile)) {
                published.load(in);
            }
            String address = published.getProperty("url");
            assertTrue(address.startsWith("jdbc:h2:tcp://127.0.0.1:"), address);
            int port = Integer.parseInt(address.substring("jdbc:h2:tcp://127.0.0.1:".length(), address.lastIndexOf('/')));
            try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(loopback.isConnected());
            }
            for (InetAddress external : nonLoopbackAddresses()) {
                assertThrows(IOException.class, () -> new Socket(external, port).close(),
                        "the server must not be reachable on " + external);
            }
        }
        assertTrue(Files.notExists(addressFile));
    }

    /**
     * H2 writes commits to its file up to its write delay (500 ms) later, so only what was
     * persisted is promised: the kill follows the persist at once, well within that delay.
     */
    @Test
    void aWriterKilledMidRunLeavesADatabaseThatReadsAndReopensWithEveryPersistedRow() throws Exception {
        ChildJvm writer = ChildJvm.start(DatabaseHolder.class, home.toAbsolutePath().toString());
        writer.ask("step 7", DatabaseHolder.WROTE);
        writer.ask("persist", DatabaseHolder.WROTE);
        writer.kill();
        assertTrue(Files.exists(home.resolve("results/superpose.server")), "a killed writer leaves its address");

        try (Database reader = Database.openReadOnly(home)) {
            long sweepId = new SweepRepository(reader).findByName("intro").orElseThrow().id();
            assertEquals(List.of(new StepLoss(0, 1.0), new StepLoss(7, 0.125)),
                    new StepMetricRepository(reader).lossCurves(sweepId).get("t0000"));
        }
        try (Database db = Database.open(home)) {
            assertEquals(List.of("intro"), names(db));
        }
    }

    /**
     * A run's many small commits leave dead chunks in the file; closing compacts it fully, so a
     * finished sweep's file is what it holds. (H2's time-limited compaction on close did not
     * finish on a loaded machine and left the file 60 % larger than while running.)
     */
    @Test
    void closingCompactsTheFileToWhatItHolds() throws IOException {
        long whileRunning;
        long sweepId;
        try (Database db = Database.open(home)) {
            sweepId = Fixtures.sweepWithTrials(db, "intro", 3);
            StepMetricRepository metrics = new StepMetricRepository(db);
            for (int step = 0; step < 300; step++) {
                metrics.append(sweepId, List.of("t0000", "t0001", "t0002"), step, new double[] {step, 1, 2});
                db.persist();
            }
            whileRunning = Files.size(db.file());
        }
        long closed = Files.size(Database.file(home));
        assertTrue(closed * 3 < whileRunning, closed + " bytes after closing, " + whileRunning + " before");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Database.file(home))), "the compacted file stays owner-only");
        try (Database db = Database.open(home)) {
            assertEquals(300, new StepMetricRepository(db).lossCurves(sweepId).get("t0000").size());
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

    private static List<String> names(Database db) {
        return new SweepRepository(db).listAll().stream().map(SweepRow::name).toList();
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
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

    @Test
    void theSchemaVersionReadersExpectIsTheNewestMigration() {
        try (Database db = Database.open(home)) {
            Integer newest = db.transact(c -> {
                try (var s = c.createStatement(); var rows = s.executeQuery(
                        "SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\"")) {
                    rows.next();
                    return rows.getInt(1);
                }
            });
            assertEquals(Database.SCHEMA_VERSION, (int) newest,
                    "a new migration must raise Database.SCHEMA_VERSION, or readers of older homes skip it");
        }
    }
}
