package dev.superpose.store;

import dev.superpose.files.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * The H2 TCP server through which other processes ({@code superpose status}) read a database
 * while the process that opened it writes. It listens on the loopback interface only, on a
 * port the OS picks, and serves this one database under a random key; the address, the key and
 * the {@link ReaderAccount}'s login are published in the owner-only {@code <results>/superpose.server}
 * for as long as the server runs. Nobody else can find the key, and a client that has it still
 * logs in only as the reader: the admin's password is a secret of the running process.
 *
 * <p>This is H2's AUTO_SERVER mode done by hand: AUTO_SERVER cannot be combined with
 * DB_CLOSE_ON_EXIT=FALSE (H2 refuses: "Feature not supported"), and the database must not close
 * itself at JVM exit while the application's shutdown still writes (see {@link Database}).
 */
final class LoopbackServer implements AutoCloseable {
    /** The only interface the server listens on. */
    static final String HOST = "127.0.0.1";
    private static final String URL = "url";
    private static final String USER = "user";
    private static final String PASSWORD = "password";

    private final Server server;
    private final Path addressFile;

    private LoopbackServer(Server server, Path addressFile) {
        this.server = server;
        this.addressFile = addressFile;
    }

    /**
     * Starts serving the database at {@code base} (its path without {@code .mv.db}) and publishes the
     * address with {@code reader}'s login.
     */
    static LoopbackServer start(Path base, ReaderAccount reader) {
        requireLoopbackBinding();
        // A key unique to this server: a reader following a stale address file to a port that
        // another superpose reused can never reach the wrong database. H2 refuses any other name.
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
        Properties address = new Properties();
        address.setProperty(URL, "jdbc:h2:tcp://" + HOST + ":" + server.getPort() + "/" + key);
        address.setProperty(USER, reader.user());
        address.setProperty(PASSWORD, reader.password());
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            address.store(bytes, "superpose: the running sweep's database, readable while it runs");
            AtomicFiles.write(addressFile, bytes.toByteArray());
        } catch (IOException e) {
            server.stop();
            throw new StoreException("cannot write " + addressFile + ": " + e.getMessage(), e);
        }
        return new LoopbackServer(server, addressFile);
    }

    /**
     * Connects as the reader to the server serving the database at {@code base}, if its address
     * file names one that answers; empty when no process serves it (no file, a stale file left by
     * a killed process, or one written by an older superpose).
     */
    static Optional<Connection> connect(Path base) {
        Properties address = new Properties();
        try (Reader in = Files.newBufferedReader(addressFile(base), StandardCharsets.ISO_8859_1)) {
            address.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + addressFile(base) + ": " + e.getMessage(), e);
        }
        String url = address.getProperty(URL);
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DriverManager.getConnection(url, address.getProperty(USER), address.getProperty(PASSWORD)));
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
