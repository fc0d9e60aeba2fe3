package dev.superpose.orchestrator;

import dev.superpose.config.BadInputException;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.SaeDataLoader;
import dev.superpose.files.FileDigest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The data files a sweep reads, each with its size and SHA-256, taken once per run (each file is
 * streamed through the digest once, however many stacks read it). Recorded with the sweep when it
 * is first run; a resume whose files differ from the recorded ones is refused, since its finished
 * trials were trained on the old files.
 */
record InputFiles(Map<Path, FileDigest> digests) {

    static InputFiles of(SweepPlan plan, Path home) {
        Set<Path> files = new LinkedHashSet<>();
        if (plan.experiment() == Experiment.SAE) {
            SaeDataLoader loader = new SaeDataLoader(home);
            Set<SaeDataKey> keys = new LinkedHashSet<>();
            for (TrialSpec trial : plan.trials()) {
                keys.add(SaeDataKey.of(trial.config()));
            }
            keys.forEach(key -> files.addAll(loader.files(key)));
        }
        Map<Path, FileDigest> digests = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                digests.put(file, FileDigest.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new InputFiles(Map.copyOf(digests));
    }

    /**
     * @param recorded what an earlier run of sweep {@code sweep} recorded
     * @throws BadInputException naming the first file whose size or SHA-256 changed
     */
    void requireUnchanged(Map<Path, FileDigest> recorded, String sweep) {
        for (Map.Entry<Path, FileDigest> file : digests.entrySet()) {
            FileDigest before = recorded.get(file.getKey());
            if (before != null && !before.equals(file.getValue())) {
                throw new BadInputException("the data file " + file.getKey() + " changed since sweep '" + sweep
                        + "' first read it (then " + describe(before) + ", now " + describe(file.getValue())
                        + "): its finished trials were trained on the old file. Put the old file back to resume,"
                        + " or train on the new one as a new sweep with --set sweep.name=NEW");
            }
        }
    }

    private static String describe(FileDigest digest) {
        return digest.bytes() + " bytes, SHA-256 " + digest.sha256().substring(0, 12) + "…";
    }
}
