package dev.superpose.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's user path, in-process: `run` a small sweep into a fresh home, check every output
 * of the README's "Outputs", then run it again (resume: nothing left to train) and with a changed config
 * (refused). One sweep is trained once for the whole class.
 */
class RunCommandTest {

    @TempDir
    static Path home;
    static Path sweepFile;
    static CliRun first;


    @BeforeAll
    static void trainSmallSweep() throws IOException {
        sweepFile = home.resolve("tiny.conf");
        Files.writeString(sweepFile, """
                sweep {
                  name = tiny
                  experiment = tms
                  seeds = [0, 1]
                  grid { "data.feature-probability" = [1, 0.05] }
                }
                model { features = 5, hidden = 2, variant = relu-output }
                data { importance-decay = 0.9 }
                train { steps = 300, batch-size = 256, lr = 1e-2, log-every = 100 }
                """);
        first = CliRun.of("run", sweepFile.toString(), "--home", home.toString(), "--metrics-port", "0");
    }


    private static List<CSVRecord> readCsv(Path file) throws IOException {
        try (CSVParser parser = CSVParser.parse(file, java.nio.charset.StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            return parser.getRecords();
        }
    }

    @Test
    void runFinishesEveryTrial() {
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("4 trials, 4 done"), first.out());
    }

    @Test
    void trialsCsvHasOneRowPerTrialWithGridColumnAndMetrics() throws IOException {
        Path csv = home.resolve("results/tiny/trials.csv");
        List<CSVRecord> rows = readCsv(csv);
        assertEquals(4, rows.size());
        String header = Files.readAllLines(csv).get(0);
        assertEquals("trial_id,seed,status,data.feature-probability,loss,test_loss,n_represented,dims_per_feature,"
                + "geometry_1,geometry_3_4,geometry_2_3,geometry_1_2,geometry_2_5,geometry_3_8,geometry_1_3,geometry_0,loss_flag", header);
        double meanImportance = (1 + 0.9 + 0.81 + 0.729 + 0.6561) / 5;
        for (CSVRecord row : rows) {
            assertEquals("done", row.get("status"));
            // A model that learned anything beats the zero output, whose loss is p·E[x²]·mean(I).
            double p = Double.parseDouble(row.get("data.feature-probability"));
            double loss = Double.parseDouble(row.get("loss"));
            assertTrue(loss > 0 && loss < p / 3 * meanImportance, "loss " + loss + " at p=" + p);
            // on fresh samples the final model does as well as on its last training batches, within noise
            double testLoss = Double.parseDouble(row.get("test_loss"));
            assertTrue(testLoss > 0 && testLoss < p / 3 * meanImportance, "test loss " + testLoss + " at p=" + p);
            int represented = Integer.parseInt(row.get("n_represented"));
            assertTrue(represented >= 0 && represented <= 5);
        }
        assertEquals(List.of("0", "1", "0", "1"), rows.stream().map(r -> r.get("seed")).toList());
    }

    @Test
    void featuresCsvHasOneRowPerFeatureOfEachTrial() throws IOException {
        Path csv = home.resolve("results/tiny/features.csv");
        // The columns the README's "Outputs" fixes come first, in their order; later additions follow.
        assertEquals("trial_id,feature,importance,probability,norm,interference,dimensionality,bias,geometry",
                Files.readAllLines(csv).get(0));
        List<CSVRecord> rows = readCsv(csv);
        assertEquals(4 * 5, rows.size());
        CSVRecord first = rows.get(0);
        assertEquals("t0000", first.get("trial_id"));
        assertEquals(1.0, Double.parseDouble(first.get("importance")), 1e-12);
        assertEquals(0.9, Double.parseDouble(rows.get(1).get("importance")), 1e-12);
        assertEquals(1.0, Double.parseDouble(first.get("probability")), 1e-12);
    }

    @Test
    void theResultsFolderCarriesItsConfigLossCurvesAndAManifest() throws Exception {
        Path results = home.resolve("results/tiny");
        List<CSVRecord> curves = readCsv(results.resolve("loss-curves.csv"));
        assertEquals("trial_id,step,loss", Files.readAllLines(results.resolve("loss-curves.csv")).get(0));
        assertEquals(4 * 3, curves.size(), "4 trials x 300 steps / log-every 100");
        assertEquals(List.of("t0000", "100"), List.of(curves.get(0).get("trial_id"), curves.get(0).get("step")));
        assertEquals(List.of("t0003", "300"), List.of(curves.get(11).get("trial_id"), curves.get(11).get("step")));

        String config = Files.readString(results.resolve("config.json"));
        String manifest = Files.readString(results.resolve("manifest.json"));
        assertTrue(config.contains("\"data.feature-probability\":[1,0.05]"), config);
        assertTrue(manifest.contains("\"superpose_version\" : \"0.1.0-SNAPSHOT\""), manifest);
        assertTrue(manifest.contains("\"config_sha256\" : \"" + sha256(config.strip())
                + "\""), "the manifest names the hash of config.json: " + manifest);
        for (String file : List.of("trials.csv", "loss-curves.csv", "config.json", "features.csv", "plots/gram.png")) {
            assertTrue(manifest.contains("\"" + file + "\" : \""), file + " is described: " + manifest);
        }
    }

    private static String sha256(String text) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void weightsAndPlotsAreWritten() {
        for (String trial : List.of("t0000", "t0001", "t0002", "t0003")) {
            assertTrue(Files.isRegularFile(home.resolve("models/tiny/" + trial + ".npz")), trial);
        }
        for (String plot : List.of("gram.png", "feature-directions.png", "loss-curves.png")) {
            assertTrue(Files.isRegularFile(home.resolve("results/tiny/plots/" + plot)), plot);
        }
        assertTrue(Files.isRegularFile(home.resolve("results/superpose.mv.db")));
    }

    @Test
    void runningAgainResumesWithNothingLeftToTrain() throws IOException {
        String before = Files.readString(home.resolve("results/tiny/trials.csv"));
        CliRun again = CliRun.of("run", sweepFile.toString(), "--home", home.toString(), "--metrics-port", "0");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(before, Files.readString(home.resolve("results/tiny/trials.csv")));
    }

    @Test
    void aChangedConfigUnderTheSameNameIsRefusedWithWhatDiffers() {
        CliRun changed = CliRun.of("run", sweepFile.toString(), "--home", home.toString(), "--metrics-port", "0",
                "--set", "train.steps=400");
        assertEquals(2, changed.exitCode());
        assertTrue(changed.err().contains("train.steps"), changed.err());
    }

    @Test
    void badInputExitsWithTwoAndWritesNothing(@TempDir Path emptyHome) throws IOException {
        Path bad = emptyHome.resolve("bad.conf");
        Files.writeString(bad, "sweep { name = bad, experiment = tms, seeds = [0] }\ntrain { steps = -5 }\n");
        CliRun result = CliRun.of("run", bad.toString(), "--home", emptyHome.toString(), "--metrics-port", "0");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("train.steps"), result.err());
        assertFalse(Files.exists(emptyHome.resolve("results")));
        assertFalse(Files.exists(emptyHome.resolve("models")));
    }

    @Test
    void aHomeThatIsNotAWritableDirectoryIsBadInput(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("home-is-a-file"), "x");
        CliRun result = CliRun.of("run", sweepFile.toString(), "--home", notADirectory.toString(), "--metrics-port", "0");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("--home " + notADirectory + ": expected a writable directory"), result.err());
    }

    @Test
    void unknownArgumentsAndBadCountsAreBadInput() {
        assertEquals(2, CliRun.of("run", sweepFile.toString(), "--no-such-option").exitCode());
        CliRun zeroTrainers = CliRun.of("run", sweepFile.toString(), "--trainers", "0", "--metrics-port", "0");
        assertEquals(2, zeroTrainers.exitCode());
        assertTrue(zeroTrainers.err().contains("--trainers: expected an integer from 1 to 256, got 0"), zeroTrainers.err());
    }

    @Test
    void aDivergingTrialIsMarkedWhileTheOthersOfItsStackFinish(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("diverge.conf");
        Files.writeString(file, """
                sweep { name = diverge, experiment = tms, seeds = [0], grid { "train.lr" = [1e-2, 1e30] } }
                train { steps = 200, batch-size = 64, log-every = 50 }
                """);
        CliRun result = CliRun.of("run", file.toString(), "--home", dir.toString(), "--metrics-port", "0");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("2 trials, 1 done, 1 diverged, 0 failed"), result.out());
        List<CSVRecord> rows = readCsv(dir.resolve("results/diverge/trials.csv"));
        assertEquals(List.of("done", "diverged"), rows.stream().map(r -> r.get("status")).toList());
        assertEquals("NaN", rows.get(1).get("loss"));
        assertFalse(Files.exists(dir.resolve("models/diverge/t0001.npz")), "no weights for a diverged trial");
    }
}
