package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what with a running sweep's database: the review's local-code-execution reproduction. */
class DatabaseAccessTest {
    @TempDir
    Path home;

    @Test
    void aReaderThroughTheServerCanSelectButNotCreateAliasesUpdateOrDrop() throws SQLException {
        try (Database db = Database.open(home)) {
            Fixtures.sweepWithTrials(db, "intro", 2);
            try (Connection reader = LoopbackServer.connect(db.file().resolveSibling("superpose")).orElseThrow();
                 Statement s = reader.createStatement()) {
                try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM trials")) {
                    rows.next();
                    assertEquals(2, rows.getLong(1));
                }
                assertRefused(ErrorCode.ADMIN_RIGHTS_REQUIRED, s, "CREATE ALIAS EXEC AS "
                        + "'String exec(String c) throws Exception { return new String(new ProcessBuilder(c)"
                        + ".start().getInputStream().readAllBytes()); }'");
                assertRefused(ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1, s, "UPDATE trials SET status = 'failed'");
                assertRefused(ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1, s, "DROP TABLE events");
                assertRefused(ErrorCode.ADMIN_RIGHTS_REQUIRED, s, "SCRIPT TO '" + home.resolve("dump.sql") + "'");
            }
            assertEquals(2, new TrialRepository(db).list(new SweepRepository(db).findByName("intro").orElseThrow().id())
                    .stream().filter(t -> t.status() == Lifecycle.TrialStatus.PENDING).count(), "nothing was changed");
            assertTrue(Files.notExists(home.resolve("dump.sql")));
        }
    }

    @Test
    void theAdminCannotLogInThroughTheServerWithTheInitialOrAnyStoredPassword() throws IOException {
        try (Database db = Database.open(home)) {
            Properties address = address();
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(address.getProperty("url"), "SA", "").close());
            assertEquals(ErrorCode.WRONG_USER_OR_PASSWORD, e.getErrorCode());
            for (String line : Files.readAllLines(home.resolve("results/superpose.admin"))) {
                assertFalse(address.values().contains(line), "the admin login is not published");
            }
        }
    }

    @Test
    void theDatabaseTheLockAndTheServerAddressAreOwnerOnly() throws IOException {
        try (HomeLock lock = HomeLock.acquire(home); Database db = Database.open(home)) {
            Path results = home.resolve("results");
            assertEquals("rwx------", permissions(results));
            for (String file : new String[] {"superpose.mv.db", "superpose.server", "superpose.admin", "superpose.lock"}) {
                assertEquals("rw-------", permissions(results.resolve(file)), file);
            }
        }
    }

    @Test
    void aHomeMadeWithWiderPermissionsIsNarrowedWhenOpened() throws IOException {
        Path results = Files.createDirectories(home.resolve("results"));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Database db = Database.open(home)) {
            assertEquals("rwx------", permissions(results));
        }
    }

    @Test
    void aDatabaseFromBeforeTheAdminSecretOpensAndIsSecuredFromThenOn() throws SQLException, IOException {
        Path results = home.resolve("results");
        Files.createDirectories(results);
        DriverManager.getConnection("jdbc:h2:file:" + results.toAbsolutePath().resolve("superpose"), "sa", "").close();
        try (Database db = Database.open(home)) {
            assertTrue(Files.isRegularFile(results.resolve("superpose.admin")));
        }
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:h2:file:"
                + results.toAbsolutePath().resolve("superpose") + ";IFEXISTS=TRUE", "sa", "").close());
        assertEquals(ErrorCode.WRONG_USER_OR_PASSWORD, e.getErrorCode());
        try (Database db = Database.open(home)) {
            assertEquals(0, new SweepRepository(db).listAll().size(), "reopens with its recorded login");
        }
    }

    private Properties address() throws IOException {
        Properties address = new Properties();
        try (Reader in = Files.newBufferedReader(home.resolve("results/superpose.server"))) {
            address.load(in);
        }
        return address;
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void assertRefused(int errorCode, Statement statement, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
        assertEquals(errorCode, e.getErrorCode(), e.getMessage());
    }
}
