package dev.superpose.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAE sweeps through the command line: each source kind, the outputs, and bad data files refused up front. */
class SaeSweepsTest {
    @TempDir
    Path home;

    private CliRun run(String name, String body) throws IOException {
        Path file = home.resolve(name + ".conf");
        Files.writeString(file, body.replace("NAME", name));
        return CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            return parser.getRecords();
        }
    }

    @Test
    void anL1SweepOnSyntheticDataReportsDictionaryRecoveryAndDrawsItsFigures() throws IOException {
        CliRun run = run("l1", """
                sweep { name = NAME, experiment = sae, seeds = [0, 1]
                  grid { "sae.l1-coefficient" = [0.001, 0.01, 1] } }
                source { kind = sharkey, dim = 16, features = 24, mean-active = 2, samples = 3000 }
                sae.latents = 32
                train { steps = 400, batch-size = 128, lr = 3e-3, log-every = 100 }
                """);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path results = home.resolve("results/l1");
        List<CSVRecord> trials = csv(results.resolve("trials.csv"));
        assertEquals(6, trials.size());
        // the run is deterministic: the values this code computes, per trial (λ 0.001, 0.01, 1 × seeds 0, 1)
        double[] mmcs = {0.6548680, 0.6330770, 0.8424135, 0.8200190, 0.5914660, 0.5631026};
        int[] recovered = {0, 0, 6, 3, 0, 0};
        for (int t = 0; t < trials.size(); t++) {
            assertEquals(mmcs[t], Double.parseDouble(trials.get(t).get("mmcs")), 1e-5, trials.get(t).toString());
            assertEquals(recovered[t], Integer.parseInt(trials.get(t).get("recovered")), trials.get(t).toString());
        }
        // a huge penalty silences the SAE: few active latents, worse reconstruction than a small one
        double l0Small = Double.parseDouble(trials.get(0).get("l0"));
        double l0Huge = Double.parseDouble(trials.get(4).get("l0"));
        assertTrue(l0Huge < l0Small, l0Huge + " vs " + l0Small);
        assertTrue(Double.parseDouble(trials.get(4).get("fvu")) > Double.parseDouble(trials.get(0).get("fvu")));
        assertEquals(6 * 32, csv(results.resolve("latents.csv")).size());
        // one pair of seeds per grid point, its two dictionaries compared
        List<CSVRecord> pairs = csv(results.resolve("seed-similarity.csv"));
        assertEquals(3, pairs.size());
        assertEquals(List.of("0", "1"), List.of(pairs.get(0).get("seed_a"), pairs.get(0).get("seed_b")));
        for (String plot : List.of("l1-sweep.png", "pareto.png", "latent-density.png", "loss-curves.png",
                "similarity.png")) {
            assertTrue(Files.isRegularFile(results.resolve("plots").resolve(plot)), plot);
        }
        try (var zip = new java.util.zip.ZipFile(home.resolve("models/l1/t0000.npz").toFile())) {
            for (String entry : List.of("W_enc.npy", "W_dec.npy", "b_enc.npy", "b_dec.npy")) {
                assertTrue(zip.getEntry(entry) != null, entry);
            }
        }
    }

    @Test
    void everyArchitectureTrainsWithResamplingAndAuxKWhereTheyApply() throws IOException {
        CliRun run = run("architectures", """
                sweep { name = NAME, experiment = sae, seeds = [0]
                  grid { "sae.architecture" = [relu, topk, batchtopk, jumprelu, gated], "sae.tied" = [false, true] } }
                source { kind = sharkey, dim = 12, features = 16, mean-active = 2, samples = 2000 }
                sae { latents = 24, k = 3, resample = anthropic, resample-every = 100, dead-window = 50 }
                train { steps = 300, batch-size = 128, lr = 3e-3, log-every = 100 }
                """);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<CSVRecord> trials = csv(home.resolve("results/architectures/trials.csv"));
        assertEquals(10, trials.size());
        for (CSVRecord trial : trials) {
            assertEquals("done", trial.get("status"), trial.toString());
            assertTrue(Double.parseDouble(trial.get("fvu")) < 1.5, trial.toString());
        }
        try (var zip = new java.util.zip.ZipFile(home.resolve("models/architectures/t0008.npz").toFile())) {
            assertTrue(zip.getEntry("r_mag.npy") != null && zip.getEntry("b_mag.npy") != null, "gated extras");
        }
        CliRun auxK = run("auxk", """
                sweep { name = NAME, experiment = sae, seeds = [0] }
                source { kind = sharkey, dim = 12, features = 16, mean-active = 2, samples = 2000 }
                sae { architecture = topk, latents = 24, k = 3, aux-k = 8 }
                train { steps = 200, batch-size = 128, log-every = 100 }
                """);
        assertEquals(0, auxK.exitCode(), auxK.out() + auxK.err());
    }

    @Test
    void aTmsTrialsActivationsAreASourceWithItsFeaturesAsGroundTruthAndTranscodersReadAcrossIt() throws IOException {
        CliRun tms = run("toy", """
                sweep { name = NAME, experiment = tms, seeds = [0] }
                model { features = 5, hidden = 2 }
                data { feature-probability = 0.05, importance-decay = 1 }
                train { steps = 500, batch-size = 256, lr = 1e-2, log-every = 100 }
                """);
        assertEquals(0, tms.exitCode(), tms.out() + tms.err());
        CliRun sae = run("toy-sae", """
                sweep { name = NAME, experiment = sae, seeds = [0] }
                source { kind = tms, trial = "toy/t0000", samples = 5000 }
                model { features = 5, hidden = 2 }
                data { feature-probability = 0.05, importance-decay = 1 }
                sae { latents = 5, l1-coefficient = 0.01 }
                train { steps = 300, batch-size = 256, lr = 1e-2, log-every = 100 }
                """);
        assertEquals(0, sae.exitCode(), sae.out() + sae.err());
        Path results = home.resolve("results/toy-sae");
        assertTrue(Files.isRegularFile(results.resolve("plots/decoder-directions.png")));
        // the run is deterministic: the values this code computes
        CSVRecord trial = csv(results.resolve("trials.csv")).get(0);
        assertEquals(0.9051638, Double.parseDouble(trial.get("mmcs")), 1e-5, trial.toString());
        assertEquals(3, Integer.parseInt(trial.get("recovered")), trial.toString());

        // transcoders across the toy model: x -> h = Wx and h -> ReLU(W^T h + b)
        CliRun transcoders = run("toy-tc", """
                sweep { name = NAME, experiment = sae, seeds = [0]
                  grid { "sae.target" = [tms-hidden, tms-output] } }
                source { kind = tms, trial = "toy/t0000", samples = 5000 }
                model { features = 5, hidden = 2 }
                data { feature-probability = 0.05, importance-decay = 1 }
                sae { latents = 5, l1-coefficient = 0.01, encoder-from-decoder = false }
                train { steps = 300, batch-size = 256, lr = 1e-2, log-every = 100 }
                """);
        assertEquals(0, transcoders.exitCode(), transcoders.out() + transcoders.err());
        List<CSVRecord> transcoded = csv(home.resolve("results/toy-tc/trials.csv"));
        // known features: W's columns for tms-hidden, ReLU(W^T W_i + b) - ReLU(b) for tms-output
        assertEquals(List.of("tms-hidden", "tms-output"), transcoded.stream().map(t -> t.get("sae.target")).toList());
        assertEquals(0.9077229, Double.parseDouble(transcoded.get(0).get("mmcs")), 1e-5, transcoded.get(0).toString());
        assertEquals(4, Integer.parseInt(transcoded.get(0).get("recovered")), transcoded.get(0).toString());
        assertEquals(0.8371235, Double.parseDouble(transcoded.get(1).get("mmcs")), 1e-5, transcoded.get(1).toString());
        assertEquals(3, Integer.parseInt(transcoded.get(1).get("recovered")), transcoded.get(1).toString());
        // the hidden space is planar: its decoder directions are drawn, the 5-dimensional output's are not
        assertTrue(Files.isRegularFile(home.resolve("results/toy-tc/plots/decoder-directions.png")));
        try (var zip = new java.util.zip.ZipFile(home.resolve("models/toy-tc/t0001.npz").toFile())) {
            assertTrue(zip.getEntry("W_dec.npy") != null, "the transcoder's weights");
        }
    }

    /** Fails on the code before the stored trial was read: the SAE then drew x with p = 0.2, silently. */
    @Test
    void dataSettingsThatContradictTheStoredTmsTrialAreBadInputAndNothingIsWritten() throws IOException {
        CliRun tms = run("toy", """
                sweep { name = NAME, experiment = tms, seeds = [0] }
                model { features = 5, hidden = 2 }
                data { feature-probability = 0.05 }
                train { steps = 20, batch-size = 64, log-every = 10 }
                """);
        assertEquals(0, tms.exitCode(), tms.out() + tms.err());
        CliRun sae = run("toy-sae", """
                sweep { name = NAME, experiment = sae, seeds = [0] }
                source { kind = tms, trial = "toy/t0000", samples = 500 }
                model { features = 5 }
                data { feature-probability = 0.2 }
                sae { latents = 5 }
                train { steps = 10, batch-size = 64 }
                """);
        assertEquals(2, sae.exitCode(), sae.out() + sae.err());
        assertTrue(sae.err().contains("source.trial = \"toy/t0000\": the model and data settings draw that trial's"
                + " inputs, so they must be the trial's own: data.feature-probability is 0.2 here but 0.05 in the"
                + " trial"), sae.err());
        assertFalse(Files.exists(home.resolve("results/toy-sae")), "nothing written");
        CliRun agreeing = run("toy-sae", """
                sweep { name = NAME, experiment = sae, seeds = [0] }
                source { kind = tms, trial = "toy/t0000", samples = 500 }
                model { features = 5 }
                data { feature-probability = 0.05 }
                sae { latents = 5 }
                train { steps = 10, batch-size = 64 }
                """);
        assertEquals(0, agreeing.exitCode(), agreeing.out() + agreeing.err());
    }

    @Test
    void gloveVectorsFromTheDataFolderTrainWithAnExpandedDictionary() throws IOException {
        Files.createDirectories(home.resolve("data"));
        StringBuilder glove = new StringBuilder();
        java.util.Random random = new java.util.Random(3);
        for (int w = 0; w < 300; w++) {
            glove.append("word").append(w);
            for (int d = 0; d < 6; d++) {
                glove.append(' ').append(String.format("%.4f", random.nextGaussian()));
            }
            glove.append('\n');
        }
        Files.writeString(home.resolve("data/tiny.6d.txt"), glove);
        CliRun run = run("glove", """
                sweep { name = NAME, experiment = sae, seeds = [0], grid { "sae.expansion" = [2, 4] } }
                source { kind = glove, path = tiny.6d.txt, standardize = unit-norm }
                sae { architecture = topk, k = 3 }
                train { steps = 200, batch-size = 64, log-every = 100 }
                """);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<CSVRecord> latents = csv(home.resolve("results/glove/latents.csv"));
        assertEquals(12 + 24, latents.size());
        assertEquals("", latents.get(0).get("max_cosine"), "no ground truth for word vectors");
    }

    @Test
    void aMalformedDataFileIsBadInputAndNothingIsWritten() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/broken.txt"), "the 0.1 0.2 0.3\nof 0.1 zero 0.3\n");
        CliRun run = run("broken", """
                sweep { name = NAME, experiment = sae, seeds = [0] }
                source { kind = glove, path = broken.txt }
                sae.latents = 8
                """);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("broken.txt") && run.err().contains("line 2"), run.err());
        assertFalse(Files.exists(home.resolve("results")), "nothing written");
        CliRun missing = run("missing", """
                sweep { name = NAME, experiment = sae, seeds = [0] }
                source { kind = npy, path = nowhere.npy }
                """);
        assertEquals(2, missing.exitCode(), missing.out() + missing.err());
        assertTrue(missing.err().contains("source.path = \"nowhere.npy\": no such file"), missing.err());
    }
}
