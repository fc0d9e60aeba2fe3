package dev.superpose.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run by {@link Database#transact} inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
