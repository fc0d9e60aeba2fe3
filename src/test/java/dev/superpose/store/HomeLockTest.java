package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLockTest {
    @TempDir
    Path home;

    @Test
    void aHomeLockedByAnotherProcessIsRefusedNamingTheHolder() throws Exception {
        try (ChildJvm holder = ChildJvm.start(HomeLockHolder.class, home.toAbsolutePath().toString())) {
            HomeInUseException e = assertThrows(HomeInUseException.class, () -> HomeLock.acquire(home));
            String expectedStart = "another superpose run (pid " + holder.pid() + ", since ";
            assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
            assertTrue(e.getMessage().endsWith(") is using " + home.toAbsolutePath().normalize()
                    + "; wait for it or use another --home"), e.getMessage());
        }
        try (HomeLock lock = HomeLock.acquire(home)) {
            assertEquals(home.toAbsolutePath().resolve("results/superpose.lock"), lock.file());
        }
    }

    @Test
    void theLockOfAKilledProcessIsFreeAgain() throws Exception {
        ChildJvm holder = ChildJvm.start(HomeLockHolder.class, home.toAbsolutePath().toString());
        holder.kill();
        Path file = HomeLock.lockFile(home);
        assertTrue(Files.readString(file).startsWith("pid " + holder.pid() + ","), "the stale file stays behind");

        try (HomeLock lock = HomeLock.acquire(home)) {
            assertTrue(Files.readString(lock.file()).startsWith("pid " + ProcessHandle.current().pid() + ", since "),
                    Files.readString(lock.file()));
        }
    }

    @Test
    void aSecondLockInTheSameProcessIsRefusedUntilTheFirstIsClosed() {
        HomeLock first = HomeLock.acquire(home);
        HomeInUseException e = assertThrows(HomeInUseException.class, () -> HomeLock.acquire(home));
        assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());

        first.close();
        first.close();

        HomeLock.acquire(home).close();
    }
}
