package dev.superpose.store;

import java.util.ArrayList;
import java.util.List;

/** Test data shared by the repository tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code n} trials t0000.. with index i, seed 100 + i and small distinct JSON payloads. */
    static List<NewTrial> trials(int n) {
        List<NewTrial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trials.add(new NewTrial(trialId(i), i, 100L + i, "{\"data.feature-probability\":" + i + "}",
                    "{\"trial\":" + i + ",\"model\":{\"features\":20}}"));
        }
        return trials;
    }

    static String trialId(int index) {
        return String.format("t%04d", index);
    }

    /** Creates sweep {@code name} with {@code n} trials and returns its id. */
    static long sweepWithTrials(Database db, String name, int n) {
        long sweepId = new SweepRepository(db).create(name, "tms", "hash-" + name, "{}", n).id();
        new TrialRepository(db).insertAll(sweepId, trials(n));
        return sweepId;
    }
}
