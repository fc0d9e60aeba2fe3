package dev.superpose.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

/** One-value SQL queries on a home's database, for tests of other packages (read-only, as `status` reads). */
public final class Queries {
    private Queries() {
    }

    /** The first column of the first row of {@code sql}, as text (null for SQL NULL). */
    public static String text(Path home, String sql) {
        try (Database db = Database.openReadOnly(home)) {
            return db.transact(c -> {
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                    if (!rows.next()) {
                        throw new IllegalStateException("no row: " + sql);
                    }
                    return rows.getString(1);
                }
            });
        }
    }

    /** The first column of the first row of {@code sql}, as a number. */
    public static long count(Path home, String sql) {
        return Long.parseLong(text(home, sql));
    }
}
