package dev.superpose.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every status and event kind the database stores, defined here and nowhere else: Java code
 * passes these enums, the repositories write their {@link #id()}, and SQL that filters by status
 * is built from them ({@link #sql}). The {@code trials.status} column also has a CHECK constraint
 * listing the trial statuses; {@code LifecycleSchemaTest} compares it (and every column's width)
 * with these enums, so a value added here without a migration fails a test.
 */
public sealed interface Lifecycle permits Lifecycle.TrialStatus, Lifecycle.StackStatus, Lifecycle.SweepState,
        Lifecycle.EventKind {

    /** The constant's name, as every enum has it. */
    String name();

    /** The stored and displayed form: lowercase, words joined by '-' ({@code CHECKPOINT_REJECTED} is {@code checkpoint-rejected}). */
    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The life cycle of a trial, as stored in {@code trials.status} and shown in {@code trials.csv}. */
    enum TrialStatus implements Lifecycle {
        PENDING, RUNNING, DONE, FAILED, DIVERGED;

        /** Finished trials are never trained again by a resumed run. */
        public boolean isFinal() {
            return this == DONE || this == FAILED || this == DIVERGED;
        }
    }

    /** Where a stack (a unit of training work) stands, in {@code stacks.status}. */
    enum StackStatus implements Lifecycle {
        /** Created by the planner and not yet reported on. */
        PLANNED, PENDING, RUNNING, DONE, FAILED
    }

    /**
     * Where a sweep stands, in {@code sweeps.status} (named "state" because {@link SweepStatus} is
     * the whole status report of a sweep).
     */
    enum SweepState implements Lifecycle {
        /** Created and not yet run. */
        CREATED, RUNNING, INTERRUPTED, DONE, FAILED
    }

    /** What an entry of a sweep's event log ({@code events.kind}) reports. */
    enum EventKind implements Lifecycle {
        START, RESUME, CHECKPOINT, CHECKPOINT_REJECTED, DIVERGED, RETRY, FAILURE, DONE, CLEANUP_FAILED,
        WEIGHTS_MISSING, EXTENDED, RESTART_FAILED
    }

    /** {@code value} as an SQL string literal, for a query's text: {@code 'running'}. */
    static String sql(Lifecycle value) {
        return "'" + value.id() + "'";
    }

    /** The values as an SQL list for {@code IN}: {@code ('done', 'diverged')}. */
    static String sql(Lifecycle... values) {
        return Arrays.stream(values).map(Lifecycle::sql).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The constant of {@code type} stored as {@code id}; a value no constant has (a database written
     * by another version) fails naming it and the known ones.
     */
    static <E extends Enum<E> & Lifecycle> E byId(Class<E> type, String id) {
        E[] values = type.getEnumConstants();
        for (E value : values) {
            if (value.id().equals(id)) {
                return value;
            }
        }
        String what = type.getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
        throw new StoreException("unknown " + what + " '" + id + "' in the database, expected one of "
                + Arrays.stream(values).map(Lifecycle::id).collect(Collectors.joining(", ")), null);
    }
}
