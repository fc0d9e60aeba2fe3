package dev.superpose.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** JDBC helpers the repositories share. */
final class Sql {
    /** Length of the error and detail columns (VARCHAR(10000) in V1). */
    static final int TEXT_LIMIT = 10_000;
    private static final String CLIPPED = "... (clipped)";

    private Sql() {
    }

    /** The timestamp in {@code column}, as an instant. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    /**
     * Binds free text (an error, a stack trace, an event detail) to a bounded column, clipping it
     * rather than losing the whole record to a "value too long" error.
     */
    static void setText(PreparedStatement statement, int index, String text) throws SQLException {
        if (text == null) {
            statement.setNull(index, Types.VARCHAR);
        } else if (text.length() <= TEXT_LIMIT) {
            statement.setString(index, text);
        } else {
            statement.setString(index, text.substring(0, TEXT_LIMIT - CLIPPED.length()) + CLIPPED);
        }
    }

    /** Throws if any statement of a batch, one per id, matched no row: the whole call rolls back. */
    static void requireEveryRowFound(int[] updateCounts, List<String> ids, String what) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < updateCounts.length; i++) {
            if (updateCounts[i] == 0) {
                missing.add(ids.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no such " + what + ": " + missing);
        }
    }

    /** Throws unless a single-row statement matched its row. */
    static void requireFound(int updateCount, String what) {
        if (updateCount == 0) {
            throw new IllegalArgumentException("no such " + what);
        }
    }
}
