package dev.superpose.bench;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a benchmark figure depends on beyond the code: the CPU model, the cores this process may
 * use, and the kernel type OpenBLAS picked for ND4J's matrix products ({@code OPENBLAS_CORETYPE}
 * forces it; otherwise OpenBLAS detects the CPU). OpenBLAS names its kernel only on start-up
 * ({@code OPENBLAS_VERBOSE=2}), so that is read from a child JVM that does one product, with this
 * process's environment and class path.
 *
 * @param blasKernel e.g. "OpenBLAS/Zen", or "unknown" when the probe said nothing
 */
public record BenchMachine(String cpuModel, int cores, String coreTypeSetting, String blasKernel) {
    private static final Pattern CORE = Pattern.compile("^Core: (\\S+)", Pattern.MULTILINE);
    private static final long PROBE_SECONDS = 120;

    /** Describes this machine and process. */
    public static BenchMachine probe() {
        String setting = Optional.ofNullable(System.getenv("OPENBLAS_CORETYPE")).orElse("");
        return new BenchMachine(readCpuModel(), Runtime.getRuntime().availableProcessors(), setting, probeKernel());
    }

    /** One line: CPU, cores, ND4J's BLAS kernel and whether OPENBLAS_CORETYPE chose it. */
    public String describe() {
        return "machine: " + cpuModel + ", " + cores + " cores; ND4J BLAS kernel " + ndKernel();
    }

    /** ND4J's BLAS kernel and whether OPENBLAS_CORETYPE chose it: "OpenBLAS/Haswell (OPENBLAS_CORETYPE=Haswell)". */
    public String ndKernel() {
        return blasKernel + (coreTypeSetting.isEmpty() ? " (detected; OPENBLAS_CORETYPE not set)"
                : " (OPENBLAS_CORETYPE=" + coreTypeSetting + ")");
    }

    /** The 1-minute load average (from /proc/loadavg), for saying how busy the machine was; empty elsewhere. */
    public static OptionalDouble loadAverage() {
        try {
            return OptionalDouble.of(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The kernel named by an OpenBLAS start-up banner ({@code Core: Zen}), if {@code output} holds one. */
    static Optional<String> kernelIn(String output) {
        Matcher m = CORE.matcher(output);
        return m.find() ? Optional.of("OpenBLAS/" + m.group(1)) : Optional.empty();
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String probeKernel() {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KernelProbe.class.getName()).redirectErrorStream(true);
        builder.environment().put("OPENBLAS_VERBOSE", "2");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return kernelIn(new String(output, StandardCharsets.UTF_8)).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The child's entry point: one matrix product loads OpenBLAS, which prints its banner. */
    static final class KernelProbe {
        private KernelProbe() {
        }

        public static void main(String[] args) {
            Nd4j.ones(2, 2).mmul(Nd4j.ones(2, 2));
        }
    }
}
