package dev.superpose.store;

import dev.superpose.store.Lifecycle.EventKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventRepositoryTest {
    @TempDir
    Path home;
    Database db;
    EventRepository events;
    long sweepId;

    @BeforeEach
    void open() {
        db = Database.open(home);
        events = new EventRepository(db);
        sweepId = Fixtures.sweepWithTrials(db, "intro", 1);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void recentReturnsTheLastEventsNewestFirst() {
        events.record(sweepId, EventKind.EXTENDED, null, null, null);
        events.record(sweepId, EventKind.START, "s0", null, "cpu-0");
        events.record(sweepId, EventKind.DIVERGED, "s0", "t0000", "loss NaN at step 40");
        long other = new SweepRepository(db).create("other", "tms", "h", "{}", 0).id();
        events.record(other, EventKind.EXTENDED, null, null, null);

        List<EventRow> recent = events.recent(sweepId, 2);

        assertEquals(List.of(EventKind.DIVERGED, EventKind.START), recent.stream().map(EventRow::kind).toList());
        EventRow newest = recent.get(0);
        assertEquals(List.of("s0", "t0000", "loss NaN at step 40"),
                List.of(newest.stackId(), newest.trialId(), newest.detail()));
        assertTrue(newest.id() > recent.get(1).id());
        assertNull(recent.get(1).trialId());
        assertEquals(3, events.recent(sweepId, 10).size());
    }
}
