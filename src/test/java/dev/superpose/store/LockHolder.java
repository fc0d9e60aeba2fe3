package dev.superpose.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link DatabaseTest}: opens the database of the home given as argument,
 * prints {@link #OPEN}, and keeps it open until its standard input is closed.
 */
public final class LockHolder {
    static final String OPEN = "LOCK-HOLDER-OPEN";

    private LockHolder() {
    }

    public static void main(String[] args) throws IOException {
        Database db = Database.open(Path.of(args[0]));
        try {
            System.out.println(OPEN);
            System.out.flush();
            while (System.in.read() != -1) {
                // keep the database open until the parent closes our stdin
            }
        } finally {
            db.close();
        }
    }
}
