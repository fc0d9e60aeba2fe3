package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.superpose.store.Lifecycle.EventKind;
import dev.superpose.store.Lifecycle.StackStatus;
import dev.superpose.store.Lifecycle.SweepState;
import dev.superpose.store.Lifecycle.TrialStatus;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enums of {@link Lifecycle} against the schema the migrations build: a status added to an
 * enum without a migration that widens the CHECK (or the column) fails here, not in a user's run.
 */
class LifecycleSchemaTest {
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    @TempDir
    Path home;

    @Test
    void theTrialStatusCheckAllowsExactlyTheTrialStatuses() {
        try (Database db = Database.open(home)) {
            List<String> checks = checkClauses(db, "TRIALS", "STATUS");
            assertEquals(1, checks.size(), checks.toString());
            List<String> allowed = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(checks.get(0));
            while (quoted.find()) {
                allowed.add(quoted.group(1));
            }
            assertEquals(ids(TrialStatus.values()), allowed, checks.get(0));
        }
    }

    @Test
    void everyStoredValueFitsItsColumn() {
        Map<String, Lifecycle[]> columns = Map.of("TRIALS.STATUS", TrialStatus.values(),
                "STACKS.STATUS", StackStatus.values(), "SWEEPS.STATUS", SweepState.values(),
                "EVENTS.KIND", EventKind.values());
        try (Database db = Database.open(home)) {
            columns.forEach((column, values) -> {
                String[] tableAndColumn = column.split("\\.");
                long width = db.transact(c -> {
                    try (PreparedStatement query = c.prepareStatement("SELECT CHARACTER_MAXIMUM_LENGTH"
                            + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?"
                            + " AND COLUMN_NAME = ?")) {
                        query.setString(1, tableAndColumn[0]);
                        query.setString(2, tableAndColumn[1]);
                        try (ResultSet row = query.executeQuery()) {
                            assertTrue(row.next(), column);
                            return row.getLong(1);
                        }
                    }
                });
                for (String id : ids(values)) {
                    assertTrue(id.length() <= width, column + " is " + width + " characters wide, '" + id + "' is longer");
                }
            });
        }
    }

    @Test
    void idsAreLowercaseWithDashesAndReadBack() {
        assertEquals("checkpoint-rejected", EventKind.CHECKPOINT_REJECTED.id());
        assertEquals(EventKind.CHECKPOINT_REJECTED, Lifecycle.byId(EventKind.class, "checkpoint-rejected"));
        assertEquals(SweepState.INTERRUPTED, Lifecycle.byId(SweepState.class, "interrupted"));
        assertEquals("('done', 'diverged')", Lifecycle.sql(TrialStatus.DONE, TrialStatus.DIVERGED));
        StoreException unknown = assertThrows(StoreException.class,
                () -> Lifecycle.byId(StackStatus.class, "training"));
        assertEquals("unknown stack status 'training' in the database, expected one of planned, pending, running,"
                + " done, failed", unknown.getMessage());
    }

    /** The CHECK clauses on {@code table.column}, as H2 prints them. */
    private static List<String> checkClauses(Database db, String table, String column) {
        return db.transact(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT k.CHECK_CLAUSE"
                    + " FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS k"
                    + " JOIN INFORMATION_SCHEMA.CONSTRAINT_COLUMN_USAGE u"
                    + "  ON u.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
                    + " WHERE u.TABLE_SCHEMA = 'PUBLIC' AND u.TABLE_NAME = ? AND u.COLUMN_NAME = ?")) {
                query.setString(1, table);
                query.setString(2, column);
                List<String> clauses = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        clauses.add(row.getString(1));
                    }
                }
                return clauses;
            }
        });
    }

    private static List<String> ids(Lifecycle[] values) {
        return Arrays.stream(values).map(Lifecycle::id).toList();
    }
}
