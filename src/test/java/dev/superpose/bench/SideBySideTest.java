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
     * Stands in for a Python with torch: imports succeed, and a reference run prints a RESULT line
     * whose median is 100 times its OPENBLAS_NUM_THREADS, so the 2-thread setting is the best.
     */
    private static final String FAKE_PYTHON = """
            #!/bin/sh
            if [ "$1" = "-c" ]; then exit 0; fi
            echo "rep 0: something"
            echo "RESULT torch=1.13 blas=OpenBLAS/Fake impl=bmm threads=$OPENBLAS_NUM_THREADS median=$((OPENBLAS_NUM_THREADS * 100)).0 steps/s"
            """;

    @Test
    void ratioOfEachRoundIsAgainstTheBestReferenceSetting(@TempDir Path dir) throws IOException {
        Path python = dir.resolve("python");
        Files.writeString(python, FAKE_PYTHON);
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        Optional<TorchReference> torch = TorchReference.find(List.of(dir.resolve("absent").toString(), python.toString()));
        assertEquals(Optional.of(python.toString()), torch.map(TorchReference::python));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double[] ours = {500, 300, 700};
        int[] calls = {0};
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Optional<SideBySide.Row> row = SideBySide.compare(print, "A", "A: 8 × 5", "steps/s", 3,
                () -> ours[calls[0]++], new SideBySide.Reference(torch, "tms_torch.py", List.of(
                        new SideBySide.TorchSetting("bmm", List.of(), 1),
                        new SideBySide.TorchSetting("bmm", List.of(), 2))));
        SideBySide.printTable(print, "machine: Some CPU", row.stream().toList());
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(3, calls[0]);
        assertTrue(out.contains("SIDE-BY-SIDE config=A round=2 superpose=300.0 steps/s torch=200.0 steps/s"
                + " (bmm, 2 threads, OpenBLAS/Fake) ratio=1.50x"), out);
        assertTrue(out.contains("SIDE-BY-SIDE config=A median ratio 2.50x over 3 rounds"), out);
        assertTrue(out.contains("torch: rep 0: something"), out);
        // the medians of the three rounds: superpose 500, torch 200, ratio 2.5
        assertTrue(out.contains("Markdown (machine: Some CPU):"), out);
        assertTrue(out.contains("| A: 8 × 5 | 500 steps/s | 200 steps/s (bmm, 2 threads, OpenBLAS/Fake) |"
                + " 2.50× (median of 3 rounds) |"), out);
    }

    @Test
    void withoutReferenceSuperposeRunsOnceAlone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] calls = {0};
        Optional<SideBySide.Row> row = SideBySide.compare(new PrintStream(bytes, true, StandardCharsets.UTF_8), "A",
                "A", "steps/s", 3, () -> ++calls[0], new SideBySide.Reference(Optional.empty(), "tms_torch.py",
                        List.of()));
        assertEquals(1, calls[0]);
        assertEquals(Optional.empty(), row);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resultLineGivesMedianAndKernel() {
        Optional<TorchReference.Result> result = TorchReference.parse("RESULT torch=1.13.0a0 blas=OpenBLAS/Zen"
                + " impl=bmm threads=1 I=8 F=5 H=2 B=1024 median=612.5 steps/s rss=243 MiB maxrss=243 MiB");
        assertEquals(612.5, result.orElseThrow().median());
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
