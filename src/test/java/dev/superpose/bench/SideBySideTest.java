package dev.superpose.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SideBySideTest {
    /**
     * Stands in for a Python with torch: imports succeed, and a reference run appends its thread
     * count to the file "runs" beside it and prints a RESULT line whose median is 100 times its
     * OPENBLAS_NUM_THREADS, so the 2-thread setting is the best.
     */
    private static final String FAKE_PYTHON = """
            #!/bin/sh
            if [ "$1" = "-c" ]; then exit 0; fi
            echo "$OPENBLAS_NUM_THREADS" >> "$(dirname "$0")/runs"
            echo "rep 0: something"
            echo "RESULT torch=1.13 blas=OpenBLAS/Fake impl=bmm threads=$OPENBLAS_NUM_THREADS median=$((OPENBLAS_NUM_THREADS * 100)).0 steps/s"
            """;

    private static final List<SideBySide.TorchSetting> ONE_AND_TWO_THREADS = List.of(
            new SideBySide.TorchSetting("bmm", List.of(), 1), new SideBySide.TorchSetting("bmm", List.of(), 2));

    private static Optional<TorchReference> fakeTorch(Path dir) throws IOException {
        Path python = dir.resolve("python");
        Files.writeString(python, FAKE_PYTHON);
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        Optional<TorchReference> torch = TorchReference.find(List.of(dir.resolve("absent").toString(), python.toString()));
        assertEquals(Optional.of(python.toString()), torch.map(TorchReference::python));
        return torch;
    }

    /** What a comparison printed and returned. */
    private record Run(String out, BenchTable.Row row) {
    }

    /** Three rounds in which superpose measures 500, 300 and 700, against the fake reference. */
    private static Run threeRounds(Optional<TorchReference> torch, TorchSearch search) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double[] ours = {500, 300, 700};
        int[] calls = {0};
        Optional<BenchTable.Row> row = SideBySide.compare(new PrintStream(bytes, true, StandardCharsets.UTF_8), "A",
                "A: 8 × 5", "steps/s", () -> ours[calls[0]++],
                new SideBySide.Reference("tms_torch.py", ONE_AND_TWO_THREADS), new ComparisonPlan(torch, 3, search));
        assertEquals(3, calls[0]);
        return new Run(bytes.toString(StandardCharsets.UTF_8), row.orElseThrow());
    }

    @Test
    void everyRoundSearchTriesEverySettingEachRoundAndTakesTheBest(@TempDir Path dir) throws IOException {
        Run run = threeRounds(fakeTorch(dir), TorchSearch.EVERY_ROUND);
        String out = run.out();

        assertEquals(List.of("1", "2", "1", "2", "1", "2"), Files.readAllLines(dir.resolve("runs")));
        assertTrue(out.contains("SIDE-BY-SIDE config=A round=2 superpose=300.0 steps/s torch=200.0 steps/s"
                + " (bmm, 2 threads, OpenBLAS/Fake) ratio=1.50x"), out);
        assertTrue(out.contains("SIDE-BY-SIDE config=A median ratio 2.50x over 3 rounds"), out);
        assertTrue(out.contains("torch: rep 0: something"), out);
        BenchTable.Row row = run.row();
        assertEquals(new BenchTable.Row("A: 8 × 5", "steps/s", 500, 200, "bmm, 2 threads; best of 2 in 3 of 3 rounds",
                List.of(2.5, 1.5, 3.5), "1.13", "OpenBLAS/Fake"), row);
        assertEquals(2.5, row.ratio());
    }

    @Test
    void firstRoundSearchKeepsRoundOnesBestForLaterRounds(@TempDir Path dir) throws IOException {
        Run run = threeRounds(fakeTorch(dir), TorchSearch.FIRST_ROUND);
        String out = run.out();

        assertEquals(List.of("1", "2", "2", "2"), Files.readAllLines(dir.resolve("runs")));
        assertTrue(out.contains("SIDE-BY-SIDE config=A round=1 superpose=500.0 steps/s torch=200.0 steps/s"
                + " (bmm, 2 threads, OpenBLAS/Fake) ratio=2.50x"), out);
        assertTrue(out.contains("SIDE-BY-SIDE config=A round=3 superpose=700.0 steps/s torch=200.0 steps/s"
                + " (bmm, 2 threads, OpenBLAS/Fake; kept from round 1) ratio=3.50x"), out);
        assertEquals("bmm, 2 threads; best of 2 in round 1, kept", run.row().setting());
    }

    @Test
    void firstRoundSearchRunsEverySettingUntilARoundHasABest() {
        SideBySide.TorchSetting two = ONE_AND_TWO_THREADS.get(1);
        assertEquals(ONE_AND_TWO_THREADS, SideBySide.settingsFor(TorchSearch.FIRST_ROUND, ONE_AND_TWO_THREADS,
                Optional.empty()));
        assertEquals(List.of(two), SideBySide.settingsFor(TorchSearch.FIRST_ROUND, ONE_AND_TWO_THREADS,
                Optional.of(two)));
        assertEquals(ONE_AND_TWO_THREADS, SideBySide.settingsFor(TorchSearch.EVERY_ROUND, ONE_AND_TWO_THREADS,
                Optional.of(two)));
    }

    @Test
    void aRowSaysInWhichRoundItsSettingWasChosen() {
        SideBySide.TorchSetting einsum = new SideBySide.TorchSetting("einsum", List.of(), 1);
        TorchReference.Result torch = new TorchReference.Result(100, "1.13", "OpenBLAS/Haswell");
        // round 1 gave no PyTorch figure, so round 2 searched and round 3 kept its best
        BenchTable.Row row = SideBySide.row("B", "steps/s", List.of(new SideBySide.Round(2, 300, torch, einsum, true),
                new SideBySide.Round(3, 200, torch, einsum, false)), 4, TorchSearch.FIRST_ROUND);
        assertEquals("einsum, 1 thread; best of 4 in round 2, kept", row.setting());
        assertEquals(250, row.superpose());
        assertEquals(List.of(3.0, 2.0), row.ratios());

        BenchTable.Row single = SideBySide.row("B", "steps/s", List.of(new SideBySide.Round(1, 300, torch, einsum,
                true)), 1, TorchSearch.FIRST_ROUND);
        assertEquals("einsum, 1 thread", single.setting());
    }

    @Test
    void withoutReferenceSuperposeRunsOnceAlone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] calls = {0};
        Optional<BenchTable.Row> row = SideBySide.compare(new PrintStream(bytes, true, StandardCharsets.UTF_8), "A",
                "A", "steps/s", () -> ++calls[0], new SideBySide.Reference("tms_torch.py", List.of()),
                new ComparisonPlan(Optional.empty(), 3, TorchSearch.FIRST_ROUND));
        assertEquals(1, calls[0]);
        assertEquals(Optional.empty(), row);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resultLineGivesMedianVersionAndKernel() {
        Optional<TorchReference.Result> result = TorchReference.parse("RESULT torch=1.13.0a0 blas=OpenBLAS/Zen"
                + " impl=bmm threads=1 I=8 F=5 H=2 B=1024 median=612.5 steps/s rss=243 MiB maxrss=243 MiB");
        assertEquals(612.5, result.orElseThrow().median());
        assertEquals("1.13.0a0", result.orElseThrow().version());
        assertEquals("OpenBLAS/Zen", result.orElseThrow().blas());
        assertEquals(Optional.empty(), TorchReference.parse("rep 0: 201.0 steps/s (4.975 ms/step) loss=0.65521"));
    }

    @Test
    void openBlasBannerNamesTheKernel() {
        assertEquals(Optional.of("OpenBLAS/Zen"), BenchMachine.kernelIn("INFO something\nCore: Zen\n GCC: 7.5"));
        assertEquals(Optional.empty(), BenchMachine.kernelIn("no banner here"));
    }

    @Test
    void medianOfEvenCountIsMeanOfMiddlePair() {
        assertEquals(2.5, SideBySide.median(new double[]{1, 2, 3, 10}));
        assertEquals(3.0, SideBySide.median(new double[]{1, 3, 10}));
    }
}
