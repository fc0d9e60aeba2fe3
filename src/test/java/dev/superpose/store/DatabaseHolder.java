package dev.superpose.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link DatabaseTest}: opens the database of the home given as argument,
 * creates sweep {@code intro} with three trials and a loss point of t0000 at step 0, prints
 * {@link ChildJvm#READY}, and keeps writing: each input line {@code step N} appends t0000's loss
 * at step N and answers {@link #WROTE}; {@code persist} hands the commits to the OS
 * ({@link Database#persist()}) and answers {@link #WROTE}. Closes the database when its input closes.
 */
public final class DatabaseHolder {
    static final String WROTE = "HOLDER-WROTE";

    private DatabaseHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Database db = Database.open(Path.of(args[0]))) {
            long sweepId = Fixtures.sweepWithTrials(db, "intro", 3);
            StepMetricRepository metrics = new StepMetricRepository(db);
            metrics.append(sweepId, List.of("t0000"), 0, new double[] {1.0});
            System.out.println(ChildJvm.READY);
            System.out.flush();
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = input.readLine(); line != null; line = input.readLine()) {
                if (line.equals("persist")) {
                    db.persist();
                } else {
                    long step = Long.parseLong(line.substring("step ".length()));
                    metrics.append(sweepId, List.of("t0000"), step, new double[] {1.0 / (step + 1)});
                }
                System.out.println(WROTE);
                System.out.flush();
            }
        }
    }
}
