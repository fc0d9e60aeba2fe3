package dev.superpose.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * The H2 TCP server through which other processes ({@code superpose status}) read a database
 * while the process that opened it writes. It listens on the loopback interface only, on a
 * port the OS picks, and serves this one database under a random key; the address and key are
 * published in {@code <results>/superpose.server} for as long as the server runs.
 *
 * <p>This is H2's AUTO_SERVER mode done by hand: AUTO_SERVER cannot be combined with
 * DB_CLOSE_ON_EXIT=FALSE (H2 refuses: "Feature not supported"), and the database must not close
 * itself at JVM exit while the application's shutdown still writes (see {@link Database}).
 */
final class LoopbackServer implements AutoCloseable {
    /** The only interface the server listens on. */
    static final String HOST = "127.0.0.1";

    private final Server server;
    private final Path addressFile;

    private LoopbackServer(Server server, Path addressFile) {
        this.server = server;
        this.addressFile = addressFile;
    }

    /** Starts serving the database at {@code base} (its path without {@code .mv.db}) and publishes the address. */
    static LoopbackServer start(Path base) {
        requireLoopbackBinding();
        // A key unique to this server: a reader following a stale address file to a port that
        // another superpose reused can never reach the wrong database.
        String key = "superpose-" + UUID.randomUUID();
        Server server;
        try {
            server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-ifExists", "-key", key, base.toString())
                    .start();
        } catch (SQLException e) {
            throw new StoreException("cannot start the loopback server of the database " + base + ": "
                    + e.getMessage(), e);
        }
        Path addressFile = addressFile(base);
        try {
            Path temporary = addressFile.resolveSibling(addressFile.getFileName() + ".tmp");
            Files.writeString(temporary, HOST + ":" + server.getPort() + "/" + key + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, addressFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            server.stop();
            throw new StoreException("cannot write " + addressFile + ": " + e.getMessage(), e);
        }
        return new LoopbackServer(server, addressFile);
    }

    /**
     * Connects to the server serving the database at {@code base}, if its address file names one
     * that answers; empty when no process serves it (no file, or a stale file left by a killed
     * process).
     */
    static Optional<Connection> connect(Path base, String user, String password) {
        String address;
        try {
            address = Files.readString(addressFile(base), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + addressFile(base) + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(DriverManager.getConnection("jdbc:h2:tcp://" + address, user, password));
        } catch (SQLException staleOrGone) {
            return Optional.empty();
        }
    }

    /** The address file of the database at {@code base}. */
    static Path addressFile(Path base) {
        return base.resolveSibling(base.getFileName() + ".server");
    }

    /** Stops the server, disconnecting its clients, and withdraws the address file. */
    @Override
    public void close() {
        server.stop();
        try {
            Files.deleteIfExists(addressFile);
        } catch (IOException e) {
            throw new StoreException("cannot delete " + addressFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * H2 reads {@code h2.bindAddress} once, when it loads {@link SysProperties}; {@link Database}
     * sets it first. Should H2 have been loaded earlier with another address, no server starts.
     */
    private static void requireLoopbackBinding() {
        if (!HOST.equals(SysProperties.BIND_ADDRESS)) {
            throw new StoreException("H2 binds servers to '" + SysProperties.BIND_ADDRESS + "', expected " + HOST
                    + ": H2 was loaded before dev.superpose.store.Database set h2.bindAddress", null);
        }
    }
}
