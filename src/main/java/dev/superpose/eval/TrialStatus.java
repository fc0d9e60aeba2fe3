package dev.superpose.eval;

/** The life cycle of a trial, as stored in H2 and shown in {@code trials.csv}. */
public enum TrialStatus {
    PENDING, RUNNING, DONE, FAILED, DIVERGED;

    /** The lowercase name used in the database and in CSV files. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TrialStatus byId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    /** Finished trials are never trained again by a resumed run. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == DIVERGED;
    }
}
