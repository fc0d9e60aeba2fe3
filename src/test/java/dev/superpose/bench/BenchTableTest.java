package dev.superpose.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchTableTest {
    private static final BenchTable.Caption CAPTION = new BenchTable.Caption("superpose bench table --rounds 3",
            ZonedDateTime.of(2026, 12, 3, 9, 40, 0, 0, ZoneId.of("Europe/Berlin")), Duration.ofSeconds(843),
            new BenchMachine("AMD EPYC 9R45", 2, "Haswell", "OpenBLAS/Haswell"), OptionalDouble.of(0.07));

    @Test
    void captionNamesCommandDateDurationMachineLoadAndBothKernels() {
        List<String> lines = BenchTable.lines(CAPTION, List.of(
                new BenchTable.Row("TMS A: 8 × 5 features × 2 hidden, batch 1024", "steps/s", 4599.4, 782.2,
                        "bmm, 1 thread; best of 4 in round 1, kept", List.of(6.41, 5.06, 6.39), "1.13.0a0",
                        "OpenBLAS/Cooperlake"),
                new BenchTable.Row("SAE toy: 210 × 2 → 5, batch 1024", "samples/s", 55_512_000, 21_400_000,
                        "bmm, 2 threads; best of 2 in round 1, kept", List.of(2.6), "1.13.0a0", "OpenBLAS/Haswell")));

        assertEquals(List.of(
                "`superpose bench table --rounds 3`, 2026-12-03 08:40 UTC, 14 min 3 s, on AMD EPYC 9R45 (2 cores;"
                        + " 1-minute load average 0.07 at the start): superpose on ND4J with OpenBLAS/Haswell"
                        + " (OPENBLAS_CORETYPE=Haswell), PyTorch 1.13.0a0 on OpenBLAS/Cooperlake / OpenBLAS/Haswell."
                        + " Rates: medians over the rounds of each side's median of repeats; ratio: median of the"
                        + " rounds' ratios, each round running superpose then PyTorch back to back.",
                "",
                "| stack | superpose | PyTorch | superpose ÷ PyTorch |",
                "|---|---|---|---|",
                "| TMS A: 8 × 5 features × 2 hidden, batch 1024 | 4,599 steps/s | 782 steps/s (bmm, 1 thread; best of 4"
                        + " in round 1, kept) | 6.39× (3 rounds: 5.06–6.41) |",
                "| SAE toy: 210 × 2 → 5, batch 1024 | 55.5 M samples/s | 21.4 M samples/s (bmm, 2 threads; best of 2 in"
                        + " round 1, kept) | 2.60× (1 round) |"), lines);
    }

    @Test
    void noRowsNoTable() {
        assertEquals(List.of(), BenchTable.lines(CAPTION, List.of()));
    }

    @Test
    void unknownLoadIsSaid() {
        BenchTable.Caption caption = new BenchTable.Caption("c", CAPTION.started(), Duration.ofSeconds(45),
                CAPTION.machine(), OptionalDouble.empty());
        String line = BenchTable.lines(caption, List.of(new BenchTable.Row("B", "steps/s", 42.46, 23.7, "bmm, 1 thread",
                List.of(1.8, 1.7), "1.13", "OpenBLAS/Zen"))).get(0);
        assertEquals("`c`, 2026-12-03 08:40 UTC, 45 s, on AMD EPYC 9R45 (2 cores; 1-minute load average unknown at the"
                + " start): superpose on ND4J with OpenBLAS/Haswell (OPENBLAS_CORETYPE=Haswell), PyTorch 1.13 on"
                + " OpenBLAS/Zen. Rates: medians over the rounds of each side's median of repeats; ratio: median of"
                + " the rounds' ratios, each round running superpose then PyTorch back to back.", line);
    }

    @Test
    void ratesKeepThreeSignificantFigures() {
        assertEquals("42.5", BenchTable.rate(42.46));
        assertEquals("101", BenchTable.rate(101.2));
        assertEquals("63,352", BenchTable.rate(63_352.4));
        assertEquals("55.5 M", BenchTable.rate(55_512_000));
    }
}
