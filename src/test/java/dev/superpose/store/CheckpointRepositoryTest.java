package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRepositoryTest {
    @TempDir
    Path home;
    Database db;
    CheckpointRepository checkpoints;
    long sweepId;

    @BeforeEach
    void open() {
        db = Database.open(home);
        checkpoints = new CheckpointRepository(db);
        sweepId = Fixtures.sweepWithTrials(db, "intro", 4);
        StackRepository stacks = new StackRepository(db);
        stacks.upsert(sweepId, "s0", 1000, List.of("t0000", "t0001"));
        stacks.upsert(sweepId, "s1", 1000, List.of("t0002", "t0003"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<CheckpointRow> record(String stackId, long step, int keep) {
        return checkpoints.record(sweepId, stackId, step, file(stackId, step),
                "00ff" + step, 100 + step, keep);
    }

    private String file(String stackId, long step) {
        return home.resolve("models/intro/" + stackId + "-" + step + ".ckpt").toAbsolutePath().toString();
    }

    private static List<Long> steps(List<CheckpointRow> rows) {
        return rows.stream().map(CheckpointRow::step).toList();
    }

    @Test
    void recordKeepsTheNewestAndReturnsTheSupersededRows() {
        assertEquals(List.of(), record("s0", 100, 2));
        assertEquals(List.of(), record("s0", 200, 2));
        record("s1", 100, 2);

        List<CheckpointRow> superseded = record("s0", 300, 2);

        assertEquals(List.of(100L), steps(superseded));
        CheckpointRow dropped = superseded.get(0);
        assertEquals(List.of("s0", file("s0", 100), "00ff100", 200L),
                List.of(dropped.stackId(), dropped.path(), dropped.checksum(), dropped.bytes()));
        assertEquals(List.of(300L, 200L), steps(checkpoints.list(sweepId, "s0")));
        assertEquals(List.of(100L), steps(checkpoints.list(sweepId, "s1")), "other stacks are untouched");
    }

    @Test
    void keepingFewerDropsSeveralAtOnceNewestFirst() {
        for (long step = 1; step <= 4; step++) {
            record("s0", step, 10);
        }
        assertEquals(List.of(3L, 2L, 1L), steps(record("s0", 5, 2)));
        assertEquals(List.of(5L, 4L), steps(checkpoints.list(sweepId, "s0")));
    }

    @Test
    void aStepRecordedAgainReplacesItsRow() {
        record("s0", 100, 3);
        List<CheckpointRow> superseded = checkpoints.record(sweepId, "s0", 100, "/srv/elsewhere.ckpt", "abc", 7, 3);

        assertEquals(List.of(), superseded);
        CheckpointRow row = checkpoints.list(sweepId, "s0").get(0);
        assertEquals(List.of("/srv/elsewhere.ckpt", "abc", 7L), List.of(row.path(), row.checksum(), row.bytes()));
    }

    @Test
    void aFileInsideTheHomeIsStoredRelativeToItAndReadBackUnderIt() {
        record("s0", 100, 3);
        String stored = db.transact(c -> {
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT path FROM checkpoints")) {
                rows.next();
                return rows.getString(1);
            }
        });
        assertEquals("models/intro/s0-100.ckpt", stored);
        assertEquals(file("s0", 100), checkpoints.list(sweepId, "s0").get(0).path());
    }

    @Test
    void deleteAndDeleteAll() {
        record("s0", 100, 5);
        record("s0", 200, 5);
        record("s0", 300, 5);
        record("s1", 100, 5);

        assertTrue(checkpoints.delete(sweepId, "s0", 200));
        assertFalse(checkpoints.delete(sweepId, "s0", 200));
        assertEquals(List.of(300L, 100L), steps(checkpoints.list(sweepId, "s0")));

        assertEquals(List.of(300L, 100L), steps(checkpoints.deleteAll(sweepId, "s0")));
        assertEquals(List.of(), checkpoints.list(sweepId, "s0"));
        assertEquals(List.of(100L), steps(checkpoints.list(sweepId, "s1")));
    }

    @Test
    void badRecordsWriteNothing() {
        assertThrows(IllegalArgumentException.class, () -> record("s0", 100, 0));
        IllegalArgumentException notHex = assertThrows(IllegalArgumentException.class,
                () -> checkpoints.record(sweepId, "s0", 1, "p", "XYZ", 1, 1));
        assertTrue(notHex.getMessage().contains("'XYZ'"), notHex.getMessage());
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> checkpoints.record(sweepId, "s0", 1, "models/intro/s0-1.ckpt", "ab", 1, 1));
        assertTrue(relative.getMessage().contains("must be absolute"), relative.getMessage());
        assertThrows(StoreException.class, () -> record("no-such-stack", 100, 1));

        assertEquals(List.of(), checkpoints.list(sweepId, "s0"));
        assertEquals(List.of(), checkpoints.list(sweepId, "no-such-stack"));
    }
}
