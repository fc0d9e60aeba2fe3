package dev.superpose.store;

import dev.superpose.store.Lifecycle.SweepState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRepositoryTest {
    @TempDir
    Path home;
    Database db;
    SweepRepository sweeps;

    @BeforeEach
    void open() {
        db = Database.open(home);
        sweeps = new SweepRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createdSweepIsFoundByNameWithEveryField() {
        String config = "{\"name\":\"intro\",\"train\":{\"steps\":10000}}";
        SweepRow created = sweeps.create("intro", "tms", "abc123", config, 42);

        assertEquals(SweepState.CREATED, created.status());
        assertEquals(created.createdAt(), created.updatedAt());
        SweepRow found = sweeps.findByName("intro").orElseThrow();
        assertEquals(created, found);
        assertEquals(List.of("intro", "tms", "abc123", config, 42),
                List.of(found.name(), found.experiment(), found.configHash(), found.configJson(), found.trialsTotal()));
    }

    @Test
    void unknownNameIsEmpty() {
        sweeps.create("intro", "tms", "abc", "{}", 1);
        assertFalse(sweeps.findByName("other").isPresent());
    }

    @Test
    void takenNameIsRefusedWithTheName() {
        sweeps.create("intro", "tms", "abc", "{}", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sweeps.create("intro", "sae", "def", "{}", 2));
        assertTrue(e.getMessage().contains("'intro' already exists"), e.getMessage());
        assertEquals("abc", sweeps.findByName("intro").orElseThrow().configHash());
    }

    @Test
    void listAllIsOldestFirst() {
        sweeps.create("b", "tms", "h1", "{}", 1);
        sweeps.create("a", "sae", "h2", "{}", 2);
        assertEquals(List.of("b", "a"), sweeps.listAll().stream().map(SweepRow::name).toList());
    }

    @Test
    void setStatusChangesOnlyThatSweep() {
        long first = sweeps.create("first", "tms", "h1", "{}", 1).id();
        sweeps.create("second", "tms", "h2", "{}", 1);

        sweeps.setStatus(first, SweepState.RUNNING);

        SweepRow updated = sweeps.findByName("first").orElseThrow();
        assertEquals(SweepState.RUNNING, updated.status());
        assertFalse(updated.updatedAt().isBefore(updated.createdAt()));
        assertEquals(SweepState.CREATED, sweeps.findByName("second").orElseThrow().status());
    }

    @Test
    void setStatusOfUnknownSweepIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweeps.setStatus(999, SweepState.DONE));
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }
}
