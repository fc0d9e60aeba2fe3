package dev.superpose.store;

import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.h2.api.ErrorCode;
import org.h2.security.SHA256;

/**
 * The admin account ({@code SA}) of a home's database. Its password is a random secret made
 * anew each time a run opens the database and held only in that process's memory, so nobody can
 * log in as admin through the run's {@link LoopbackServer} (an admin can {@code CREATE ALIAS} Java
 * code and so run commands as the user running the sweep).
 *
 * <p>The next run must still get in after a {@code kill -9}, which gives no chance to reset the
 * password. So the secret's H2 login hash (SHA-256 of {@code SA@secret}, what H2 accepts with
 * {@code PASSWORD_HASH=TRUE}) is recorded in {@code results/superpose.admin}, owner-only like the
 * database file itself, whose reader could read every row anyway. The secret is never written.
 * A database created before this account existed still has H2's initial empty password, which is
 * tried last.
 */
final class AdminAccount {
    static final String USER = "SA";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final String HASH_OPTION = ";PASSWORD_HASH=TRUE";

    /** A way to log in: the URL (with {@code PASSWORD_HASH=TRUE} for a recorded hash) and its password. */
    record Login(String url, String password) {
    }

    private final Path file;
    private Login working;

    private AdminAccount(Path file) {
        this.file = file;
    }

    /** The admin account of the database at {@code base} (its path without {@code .mv.db}). */
    static AdminAccount of(Path base) {
        return new AdminAccount(base.resolveSibling(base.getFileName() + ".admin"));
    }

    /**
     * Logs in to {@code url} as admin with the newest login that works: the recorded hashes,
     * newest first, then the initial empty password. Later {@link #connect}s use the same login.
     *
     * @throws SQLException the last login's error, when none works
     */
    Connection connect(String url) throws SQLException {
        if (working != null) {
            return DriverManager.getConnection(working.url(), USER, working.password());
        }
        SQLException refused = null;
        for (Login candidate : candidates(url)) {
            try {
                Connection connection = DriverManager.getConnection(candidate.url(), USER, candidate.password());
                working = candidate;
                return connection;
            } catch (SQLException e) {
                if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                    throw e;
                }
                refused = e;
            }
        }
        throw refused;
    }

    /** The login {@link #connect} found; null before. */
    Login working() {
        return working;
    }

    /**
     * Gives the admin a fresh random password, on {@code connection} (logged in as admin, which stays
     * logged in). The new login hash is recorded before the change commits, next to the one in use,
     * so that whichever of the two the database holds after a crash is on record.
     */
    void rotate(Connection connection) throws SQLException {
        Login current = working;
        char[] secret = secret();
        List<String> hashes = new ArrayList<>();
        // H2 wipes the array it hashes: a copy.
        hashes.add(HEX.formatHex(SHA256.getKeyPasswordHash(USER, secret.clone())));
        if (current.url().contains(HASH_OPTION)) {
            hashes.add(current.password());
        }
        try {
            AtomicFiles.write(file, (String.join("\n", hashes) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
        setPassword(connection, USER, secret);
        working = new Login(current.url().replace(HASH_OPTION, "") + HASH_OPTION, hashes.get(0));
    }

    /** Sets {@code user}'s password in one committed statement. */
    static void setPassword(Connection connection, String user, char[] password) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("ALTER USER " + user + " SET PASSWORD ?")) {
            statement.setString(1, new String(password));
            statement.executeUpdate();
        }
    }

    /** A random password of 256 bits, in hex. */
    static char[] secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes).toCharArray();
    }

    private List<Login> candidates(String url) throws SQLException {
        List<Login> candidates = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    candidates.add(new Login(url + HASH_OPTION, line.strip()));
                }
            }
        } catch (NoSuchFileException none) {
            // a new database, or one from before the admin password was rotated
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + ": " + e.getMessage(), e);
        }
        candidates.add(new Login(url, ""));
        return candidates;
    }
}
