package dev.superpose.store;

import dev.superpose.files.OwnerOnly;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;

/**
 * The embedded H2 database of one superpose home, {@code <home>/results/superpose.mv.db}, with
 * its schema brought up to date by the Flyway migrations in {@code db/migration}.
 *
 * <p>Single-writer design: one Database holds one JDBC connection and serialises every call on
 * itself. H2's file lock keeps other processes from opening the file while it is open; they
 * read it instead through a {@link LoopbackServer} the writer starts ({@link #openReadOnly}).
 * One run per home is {@link HomeLock}'s job.
 *
 * <p>H2 writes through interruptible file channels: a {@link Thread#interrupt()} that lands
 * during a write closes the file and, with it, the database. Callers must therefore run every
 * store call on a dedicated thread (dispatcher) that nothing interrupts; as a guard, work
 * arriving on a thread that is already interrupted is refused before it touches the file.
 */
public final class Database implements AutoCloseable {
    /**
     * H2's own shutdown hook would close the database concurrently with the application's
     * shutdown (Akka's CoordinatedShutdown flushes its last writes from a shutdown hook too), so
     * it is switched off: the owner closes the database, and after a kill -9 the MVStore file
     * recovers by itself on the next open.
     *
     * <p>H2's default WRITE_DELAY (500 ms) stays: its background writer is also what compacts the
     * file as it goes; with WRITE_DELAY=0 (no background writer) a long sweep's file grew ~0.5 MB/s,
     * mostly dead chunks. A commit may so reach the file up to half a second late; what must survive
     * a kill -9 at once is handed over with {@link #persist()}. Closing compacts the file fully
     * ({@link #close()}).
     *
     * <p>Java functions (CREATE ALIAS) are not a feature superpose uses; admin logins are guarded by
     * {@link AdminAccount}, and readers log in with {@link ReaderAccount}, which cannot create them.
     */
    private static final String OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE";
    /** The newest migration in {@code db/migration} (DatabaseTest holds the two equal). */
    static final int SCHEMA_VERSION = 4;

    static {
        bindServersToLoopback();
    }

    /**
     * Network rule: the LoopbackServer must never be reachable from another machine. H2 binds its
     * server sockets to h2.bindAddress, which it reads once, when it is first loaded: so this runs
     * before any H2 class is used through this class, and first thing in the CLI's main class (some
     * other library may load H2 before this class is).
     */
    public static void bindServersToLoopback() {
        System.setProperty("h2.bindAddress", LoopbackServer.HOST);
    }

    private final Path file;
    private final Connection connection;
    /** The server other processes read through; null unless this is a process's working Database. */
    private final LoopbackServer server;
    /** Rolls back every transaction, so that a reader connected through the server writes nothing. */
    private final boolean readOnly;

    private Database(Path file, Connection connection, LoopbackServer server, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.server = server;
        this.readOnly = readOnly;
    }

    /**
     * Opens (creating if absent) the database of {@code home} and migrates it to the current schema.
     * Its directory and files are made owner-only; the admin gets a new secret password
     * ({@link AdminAccount}), and other processes may read through a loopback server as
     * {@link ReaderAccount}, which can only SELECT.
     */
    public static Database open(Path home) {
        Path base = basePath(home);
        try {
            OwnerOnly.directory(base.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory " + base.getParent() + ": " + e.getMessage(), e);
        }
        String url = "jdbc:h2:file:" + base + OPTIONS;
        Path file = dataFile(base);
        AdminAccount admin = AdminAccount.of(base);
        try (Database probe = new Database(file, connect(admin, url, file), null, false)) {
            probe.requireOnlySession();
        }
        // The working connection opens only after Flyway's connections have closed, so that H2
        // restarts the database between the two: H2 2.4.240 fails to evaluate string CHECK
        // constraints created by a session that has since closed while the database stayed open
        // ("Check constraint invalid ... The database has been closed", h2database issue #4302).
        migrate(admin.working(), file);
        // The server starts only now, so that no reader's session keeps the database open (and
        // defeats the restart above) while Flyway migrates.
        Connection connection = connect(admin, url, file);
        try {
            restrictFiles(base);
            admin.rotate(connection);
            ReaderAccount reader = ReaderAccount.grant(connection);
            return new Database(file, connection, LoopbackServer.start(base, reader), false);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new StoreException("cannot set up the accounts of the database " + file + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /**
     * Opens the existing database of {@code home} for reading only. While another process has it
     * open, this connects through that process's loopback server as the reader; otherwise it
     * brings the schema up to date first (a home written by an older superpose: {@code export}
     * failed on it with "Table LOSS_POINTS not found" until a run had migrated it) and then opens
     * the file read-only. Nothing a read-only Database does is committed.
     */
    public static Database openReadOnly(Path home) {
        Path base = basePath(home);
        Path file = dataFile(base);
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no superpose database at " + file, null);
        }
        Connection connection = LoopbackServer.connect(base).orElseGet(() -> {
            AdminAccount admin = AdminAccount.of(base);
            String readOnly = "jdbc:h2:file:" + base + OPTIONS + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
            Connection reader = connect(admin, readOnly, file);
            if (schemaVersion(reader, file) >= SCHEMA_VERSION) {
                return reader;
            }
            shutdown(reader, file);
            upgradeSchema(base, file);
            return connect(AdminAccount.of(base), readOnly, file);
        });
        return new Database(file, connection, null, true);
    }

    /**
     * Migrates a database that no process has open. H2 keeps a database in the mode it was opened
     * in after its connections close (a read-only open after Flyway could write), so it is shut down
     * after the migration; and a new AdminAccount, because one keeps the first URL it connected by.
     */
    private static void upgradeSchema(Path base, Path file) {
        AdminAccount writer = AdminAccount.of(base);
        String writable = "jdbc:h2:file:" + base + OPTIONS + ";IFEXISTS=TRUE";
        shutdown(connect(writer, writable, file), file); // finds the working login before Flyway connects
        migrate(writer.working(), file);
        shutdown(connect(writer, writable, file), file);
    }

    /** The database file of {@code home}, {@code <home>/results/superpose.mv.db}. */
    public static Path file(Path home) {
        return dataFile(basePath(home));
    }

    /** The database file, {@code <home>/results/superpose.mv.db}. */
    public Path file() {
        return file;
    }

    /** The home this database belongs to, as an absolute, normalised path. */
    public Path home() {
        return file.getParent().getParent();
    }

    /**
     * How a file is stored: relative to the home when it is inside it, so that a sweep resumes
     * whatever the working directory and however the home is spelled (or if the home was moved);
     * absolute otherwise.
     *
     * @throws IllegalArgumentException if {@code file} is not absolute
     */
    String storedPath(Path file) {
        Path normal = file.normalize();
        if (!normal.isAbsolute()) {
            throw new IllegalArgumentException("a stored file path must be absolute, got " + file);
        }
        return (normal.startsWith(home()) ? home().relativize(normal) : normal).toString();
    }

    /** A path stored by {@link #storedPath}, as an absolute path. */
    Path resolveStored(String stored) {
        return home().resolve(stored);
    }

    /**
     * Stops the loopback server (disconnecting readers, whose sessions would otherwise keep the
     * database open), then closes the database; safe to call twice. The working database of a run is closed
     * with {@code SHUTDOWN COMPACT}: H2 copies the live data to a new file and renames it over the
     * old one, so a week-long sweep's file shrinks to what it holds when the run ends (closing with
     * a time limit instead rewrote chunks without finishing, and the file grew 60 % on close). A
     * kill -9 during it leaves the old file or the new one, both whole. If compacting fails (a full
     * disk: the copy needs room), the database is closed all the same and the failure reported.
     */
    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
            // only the process's working database: a probe's SHUTDOWN would close it under the working one
            if (server != null && !connection.isClosed()) {
                try (Statement shutdown = connection.createStatement()) {
                    shutdown.execute("SHUTDOWN COMPACT");
                } catch (SQLException notCompacted) {
                    closeQuietly(connection, notCompacted);
                    throw notCompacted;
                }
                OwnerOnly.file(file); // the compacted copy H2 renamed into place was created with the umask
            }
            connection.close();
        } catch (SQLException | IOException e) {
            throw new StoreException("closing the database " + file + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Hands every commit made so far to the OS now instead of within H2's write delay (H2's
     * CHECKPOINT): it then survives a kill -9 of this process (a power cut still may not, as H2
     * does not fsync). A read-only Database has nothing to hand over.
     */
    public synchronized void persist() {
        if (readOnly) {
            return;
        }
        transact(c -> {
            try (Statement checkpoint = c.createStatement()) {
                return checkpoint.execute("CHECKPOINT");
            }
        });
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
     * SQL errors surface as {@link StoreException}s naming the database file.
     */
    synchronized <T> T transact(SqlWork<T> work) {
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("refusing to use the database " + file
                    + " from an interrupted thread: an interrupt during a write would close it");
        }
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                if (readOnly) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file and whatever H2 keeps beside it (a trace file) were created with the default umask. */
    private static void restrictFiles(Path base) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(base.getParent(), base.getFileName() + ".*")) {
            for (Path f : files) {
                OwnerOnly.file(f);
            }
        } catch (IOException e) {
            throw new StoreException("cannot make the files of " + base + " owner-only: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static Path basePath(Path home) {
        return home.toAbsolutePath().normalize().resolve("results").resolve("superpose");
    }

    private static Path dataFile(Path base) {
        return base.resolveSibling(base.getFileName() + ".mv.db");
    }

    private static Connection connect(AdminAccount admin, String url, Path file) {
        try {
            return admin.connect(url);
        } catch (SQLException e) {
            throw new StoreException(describeOpenFailure(e, file), e);
        }
    }

    private static String describeOpenFailure(SQLException e, Path file) {
        return switch (e.getErrorCode()) {
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> "the database " + file
                    + " is locked by another process (is another superpose running on this home?)";
            case ErrorCode.FILE_CORRUPTED_1, ErrorCode.FILE_VERSION_ERROR_1 -> "the database " + file
                    + " is corrupt or not an H2 2.x database: " + e.getMessage();
            case ErrorCode.WRONG_USER_OR_PASSWORD -> "cannot open the database " + file + " as its admin: "
                    + "the login recorded in " + file.resolveSibling("superpose.admin") + " is missing or stale";
            default -> "cannot open the database " + file + ": " + e.getMessage();
        };
    }

    /**
     * H2 lets connections in one JVM share a database, so its file lock does not stop a second
     * Database in this process; counting sessions does, keeping the single-writer promise. (The
     * file lock itself, held against other processes, is checked by opening the connection.)
     */
    private void requireOnlySession() {
        long sessions = transact(c -> {
            try (Statement statement = c.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                rows.next();
                return rows.getLong(1);
            }
        });
        if (sessions != 1) {
            throw new StoreException("the database " + file + " is already open in this process", null);
        }
    }

    /** The highest schema version applied to the database, from Flyway's history table. */
    private static int schemaVersion(Connection connection, Path file) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(CAST(\"version\" AS INT)) FROM"
                     + " \"flyway_schema_history\" WHERE \"success\"")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the schema version of the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void shutdown(Connection connection, Path file) {
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new StoreException("cannot close the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(AdminAccount.Login admin, Path file) {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(admin.url(), AdminAccount.USER, admin.password())
                    .loggers("slf4j")
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("migrating the database " + file + " failed: " + e.getMessage(), e);
        }
    }
}
