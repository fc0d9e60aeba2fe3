package dev.superpose.cli;

import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep's results depend on more than its config: the weights beside its database, and the data
 * files it reads. A database that does not know the weights beside it, or a data file swapped
 * before a resume, is refused (exit 2) instead of training again over what is there; one missing
 * weights file degrades export (exit 4, the trial named) and the next run trains it again.
 */
class SweepIdentityTest {
    private static final String TINY = """
            sweep { name = tiny, experiment = tms, seeds = [0, 1] }
            model { features = 5, hidden = 2 }
            train { steps = 100, batch-size = 64, log-every = 50 }
            """;

    @TempDir
    Path dir;

    private CliRun run(Path file, Path home) {
        return CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
    }

    private Path sweep(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aDatabaseThatLostTheSweepBesideItsWeightsIsRefused() throws IOException {
        Path file = sweep("tiny.conf", TINY);
        Path home = dir.resolve("home");
        assertEquals(0, run(file, home).exitCode());
        Path weights = home.resolve("models/tiny/t0000.npz");
        byte[] before = Files.readAllBytes(weights);

        Files.delete(home.resolve("results/superpose.mv.db"));
        CliRun again = run(file, home);

        assertEquals(Main.EXIT_BAD_INPUT, again.exitCode(), again.err());
        assertTrue(again.err().contains("holds the weights of a sweep 'tiny' that this home's database"
                + " (results/superpose.mv.db) does not know"), again.err());
        assertArrayEquals(before, Files.readAllBytes(weights), "nothing was trained over the weights");
    }

    @Test
    void aDatabaseFromAnotherHomeIsRefused() throws IOException {
        Path file = sweep("tiny.conf", TINY);
        Path home = dir.resolve("home");
        Path other = dir.resolve("other");
        assertEquals(0, run(file, home).exitCode());
        assertEquals(0, run(file, other).exitCode());

        Files.copy(other.resolve("results/superpose.mv.db"), home.resolve("results/superpose.mv.db"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve("results/superpose.admin"), home.resolve("results/superpose.admin"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun again = run(file, home);

        assertEquals(Main.EXIT_BAD_INPUT, again.exitCode(), again.err());
        assertTrue(again.err().contains("belongs to another sweep 'tiny'"), again.err());
    }

    @Test
    void aMissingWeightsFileDegradesExportAndTheNextRunTrainsItAgain() throws IOException {
        Path file = sweep("tiny.conf", TINY);
        Path home = dir.resolve("home");
        assertEquals(0, run(file, home).exitCode());
        Path weights = home.resolve("models/tiny/t0001.npz");
        float[] before = w(weights);
        Files.delete(weights);

        CliRun export = CliRun.of("export", "tiny", "--home", home.toString());
        assertEquals(Main.EXIT_WEIGHTS_MISSING, export.exitCode(), export.err());
        assertTrue(export.err().contains("the weights of 1 finished trial(s) are missing") && export.err().contains("(t0001)"),
                export.err());
        assertTrue(Files.readString(home.resolve("results/tiny/trials.csv")).contains("t0001"), "the table still lists it");

        CliRun again = run(file, home);
        assertEquals(0, again.exitCode(), again.err());
        assertArrayEquals(before, w(weights), "trained again to the same weights");
        assertEquals(0, CliRun.of("export", "tiny", "--home", home.toString()).exitCode());
    }

    @Test
    void aDataFileSwappedBeforeAResumeIsRefused() throws IOException {
        Path home = dir.resolve("home");
        Path data = Files.createDirectories(home.resolve("data")).resolve("acts.npy");
        writeNpy(data, 64, 4, 1);
        Path file = sweep("sae.conf", """
                sweep { name = acts, experiment = sae, seeds = [0] }
                source { kind = npy, path = acts.npy }
                sae { latents = 8 }
                train { steps = 20, batch-size = 16, log-every = 10 }
                """);
        CliRun first = run(file, home);
        assertEquals(0, first.exitCode(), first.err());

        writeNpy(data, 64, 4, 2); // same shape, other values
        CliRun again = run(file, home);

        assertEquals(Main.EXIT_BAD_INPUT, again.exitCode(), again.err());
        assertTrue(again.err().contains("the data file " + data.toAbsolutePath() + " changed since sweep 'acts' first"
                + " read it"), again.err());
        assertFalse(again.err().contains("internal error"), again.err());
    }

    @Test
    void tooManyTrainersOrEvaluatorsAreRefused() throws IOException {
        Path file = sweep("tiny.conf", TINY);
        CliRun trainers = CliRun.of("run", file.toString(), "--home", dir.toString(), "--trainers", "1000000");
        assertEquals(Main.EXIT_BAD_INPUT, trainers.exitCode());
        assertEquals("superpose: --trainers: expected an integer from 1 to 256, got 1000000", trainers.err().strip());
        CliRun evaluators = CliRun.of("run", file.toString(), "--home", dir.toString(), "--evaluators", "65");
        assertEquals("superpose: --evaluators: expected an integer from 1 to 64, got 65", evaluators.err().strip());
    }

    /** The reproduction: a million features is refused at planning instead of failing with an OutOfMemoryError. */
    @Test
    void aStackThatCannotFitInMemoryIsRefusedAtPlanning() throws IOException {
        Path file = sweep("tiny.conf", TINY);
        Path home = dir.resolve("home");
        CliRun huge = CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0",
                "--set", "model.features=1000000", "--set", "train.batch-size=4096");

        assertEquals(Main.EXIT_BAD_INPUT, huge.exitCode(), huge.err());
        assertTrue(huge.err().contains("model.features = 1000000, model.hidden = 2, train.batch-size = 4096 and"
                + " sweep.stack-size (2 trials in a stack): training needs at least"), huge.err());
        assertFalse(Files.exists(home.resolve("results")), "nothing written");
    }

    /** Training would fit, but evaluating a trial builds its features x features Gram matrix on the heap. */
    @Test
    void aTrialThatCannotBeEvaluatedInTheHeapIsRefusedAtPlanning() throws IOException {
        Path file = sweep("tiny.conf", TINY);
        CliRun wide = CliRun.of("run", file.toString(), "--home", dir.resolve("home").toString(), "--metrics-port", "0",
                "--set", "model.features=100000", "--set", "train.batch-size=1");

        assertEquals(Main.EXIT_BAD_INPUT, wide.exitCode(), wide.err());
        assertTrue(wide.err().contains("model.features = 100000: evaluating a trained trial needs at least 74.5 GiB"
                + " of Java heap"), wide.err());
    }

    /** The trial's W, as stored in its .npz. */
    private static float[] w(Path npz) throws IOException {
        return ((NpyArray.Float32) NpzReader.read(npz).get("W")).data();
    }

    /** A float32 .npy of {@code rows} x {@code dim} normal values drawn from {@code seed}. */
    private static void writeNpy(Path file, int rows, int dim, long seed) throws IOException {
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", "
                + dim + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buffer = ByteBuffer.allocate(10 + headerBytes.length + 4 * rows * dim).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) headerBytes.length)
                .put(headerBytes);
        Random random = new Random(seed);
        for (int k = 0; k < rows * dim; k++) {
            buffer.putFloat((float) random.nextGaussian());
        }
        Files.write(file, buffer.array());
    }
}
