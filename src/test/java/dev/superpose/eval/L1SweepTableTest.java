package dev.superpose.eval;

import dev.superpose.report.SweepPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** l1-sweep.csv holds the figure's numbers: per group and λ the mean and sem over seeds. */
class L1SweepTableTest {
    @TempDir
    Path dir;

    @Test
    void aRowPerGroupAndCoefficientWithTheMeanAndStandardErrorOverSeeds() throws IOException {
        Path csv = dir.resolve("l1-sweep.csv");
        SaeFigures.writeSweepTable(csv, List.of("mmcs", "l0"), List.of(
                new SweepPoint("latents=512", 0.01, new double[]{0.9, 10}),
                new SweepPoint("latents=512", 0.01, new double[]{0.7, 14}),
                new SweepPoint("latents=512", 0.001, new double[]{0.3, 300}),
                new SweepPoint("latents=1024", 0.01, new double[]{0.5, Double.NaN})));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("group,l1_coefficient,seeds,mmcs_mean,mmcs_sem,l0_mean,l0_sem", lines.get(0));
        assertEquals(4, lines.size(), "a row per group and coefficient: " + lines);
        assertRow(lines.get(1), "latents=512", 0.001, 1, 0.3, 0, 300, 0);
        // seeds 0.9 and 0.7: mean 0.8, sample std √0.02, sem √0.02 / √2 = 0.1; L0 10 and 14: 12 ± 2
        assertRow(lines.get(2), "latents=512", 0.01, 2, 0.8, 0.1, 12, 2);
        assertRow(lines.get(3), "latents=1024", 0.01, 1, 0.5, 0, Double.NaN, Double.NaN);
    }

    private static void assertRow(String line, String group, double... numbers) {
        String[] cells = line.split(",");
        assertEquals(group, cells[0], line);
        assertEquals(numbers.length + 1, cells.length, line);
        for (int k = 0; k < numbers.length; k++) {
            assertEquals(numbers[k], Double.parseDouble(cells[k + 1]), 1e-12, line + ", cell " + (k + 1));
        }
    }
}
