package dev.superpose.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The account other processes ({@code superpose status}, {@code export}) read a running sweep's
 * database with, through its {@link LoopbackServer}: not an admin (so no {@code CREATE ALIAS}, no
 * file functions, no {@code SCRIPT}), granted SELECT on the schema and nothing else. Its password
 * is new each run and published only in the owner-only address file.
 */
record ReaderAccount(String user, String password) {
    static final String USER = "SUPERPOSE_READER";

    /** Creates the reader (or renews its password) and grants it reading; runs as admin, autocommit. */
    static ReaderAccount grant(Connection admin) throws SQLException {
        char[] password = AdminAccount.secret();
        try (Statement statement = admin.createStatement()) {
            statement.executeUpdate("CREATE USER IF NOT EXISTS " + USER + " PASSWORD ''");
            statement.executeUpdate("GRANT SELECT ON SCHEMA PUBLIC TO " + USER);
        }
        AdminAccount.setPassword(admin, USER, password);
        return new ReaderAccount(USER, new String(password));
    }
}
