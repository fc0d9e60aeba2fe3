package dev.superpose.eval;

import dev.superpose.config.SweepPlan;
import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code results/<sweep>/manifest.json}: which superpose version wrote the folder, the sweep's
 * identity, and what each file in it holds, so that the folder can be read away from this
 * program. Written last, it lists the files present then.
 */
final class SweepManifest {
    static final String FILE = "manifest.json";
    private static final Map<String, String> CONTENTS = new LinkedHashMap<>();

    static {
        CONTENTS.put("trials.csv", "one row per trial: trial_id, seed, status, one column per grid path, then the"
                + " experiment's metrics and loss_flag");
        CONTENTS.put("loss-curves.csv", "training loss curves: trial_id, step, loss (mean loss over the log-every"
                + " steps ending at step)");
        CONTENTS.put(SweepExporter.CONFIG_FILE, "the resolved configuration of the sweep as canonical JSON, exactly"
                + " what was hashed into config_sha256 (grid as a list of single-entry objects in expansion order)");
        CONTENTS.put("features.csv", "one row per feature of each finished trial: importance, probability, norm,"
                + " interference, dimensionality, bias, geometry");
        CONTENTS.put("neurons.csv", "one row per hidden neuron and feature of each finished trial: the weights"
                + " between them");
        CONTENTS.put("latents.csv", "one row per latent of each finished SAE: firing frequency, decoder norm,"
                + " best match to a true feature; on transformer activations its strongest activation, most frequent"
                + " top-activating token, that token's share of the top ones, whether they are all one token");
        CONTENTS.put(LatentContextsReport.FILE, "SAEs on transformer activations: per SAE its summary and, for a"
                + " sample of latents, the top-activating tokens in their text (Markdown)");
        CONTENTS.put(FILE, "this file");
        CONTENTS.put("plots/loss-curves.png", "training loss of every trial, one colour per grid point");
        CONTENTS.put("plots/feature-directions.png", "each feature's direction W_i in the 2-d hidden space, one panel"
                + " per grid point");
        CONTENTS.put("plots/feature-directions-by-set.png", "feature directions coloured by correlated or"
                + " anticorrelated set");
        CONTENTS.put("plots/gram.png", "W^T W with the bias column, and the norms of W_i coloured by interference,"
                + " one panel per grid point");
        CONTENTS.put("plots/sparsity-sweep.png", "W^T W and the norms of W_i per sparsity (columns) and model"
                + " variant (rows)");
        CONTENTS.put("plots/feature-dimensionality.png", "dimensions per feature against 1/(1-S), with each"
                + " feature's dimensionality");
        CONTENTS.put("plots/neurons.png", "each hidden neuron's weights, stacked by feature");
        CONTENTS.put("plots/phase-diagram.png", "learned regime per grid cell beside the analytic optimum");
        CONTENTS.put("plots/double-descent-geometry.png", "feature directions and training points' hidden vectors"
                + " per data set size");
        CONTENTS.put("plots/double-descent-dimensionality.png", "dimensionality of features and of training points"
                + " against the data set size");
        CONTENTS.put("plots/l1-sweep.png", "SAE metrics against the L1 coefficient, mean and std over seeds");
        CONTENTS.put("plots/pareto.png", "SAE fraction of variance unexplained against L0, Pareto front per"
                + " architecture");
        CONTENTS.put("plots/latent-density.png", "histogram of log10 latent firing frequency");
        CONTENTS.put("plots/decoder-directions.png", "SAE decoder directions over the true feature directions");
    }

    private SweepManifest() {
    }

    static void write(Path resultsDir, SweepPlan plan) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("superpose_version", version());
        manifest.put("sweep", plan.name());
        manifest.put("experiment", plan.experiment().id());
        manifest.put("config_sha256", plan.configHash());
        manifest.put("trials", plan.trials().size());
        manifest.put("grid", plan.gridPaths());
        manifest.put("weights", "models/" + plan.name() + "/<trial_id>.npz (NumPy arrays, numpy.load), relative to"
                + " the home directory");
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : filesIn(resultsDir)) {
            files.put(file, CONTENTS.getOrDefault(file, "a figure or table of the sweep; see the README's Outputs"));
        }
        files.putIfAbsent(FILE, CONTENTS.get(FILE));
        manifest.put("files", files);
        AtomicFiles.write(resultsDir.resolve(FILE), (Json.writePretty(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The files under {@code dir}, as relative paths with '/', the known ones in the order above. */
    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<String> present = walk.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith(".") && !f.contains("/."))
                    .sorted().toList();
            return Stream.concat(CONTENTS.keySet().stream().filter(present::contains),
                    present.stream().filter(f -> !CONTENTS.containsKey(f))).toList();
        }
    }

    /** The version the build wrote into superpose-version.properties. */
    static String version() {
        try (InputStream in = SweepManifest.class.getResourceAsStream("/superpose-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
