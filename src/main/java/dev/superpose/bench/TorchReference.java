package dev.superpose.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's PyTorch reference loops ({@code src/bench/*.py}, packed into the jar under
 * {@code bench/}) run by a Python that imports torch, for side-by-side figures on the same
 * machine. Each run is a child process with {@code OPENBLAS_NUM_THREADS} set to its thread count;
 * the rest of the environment (OPENBLAS_CORETYPE included) is inherited unchanged.
 */
public final class TorchReference {
    /** Debian's python3-torch installs for the system Python; a pyenv or venv python3 first on PATH may lack it. */
    public static final List<String> DEFAULT_PYTHONS = List.of("/usr/bin/python3", "python3");
    private static final Pattern RESULT = Pattern.compile("^RESULT torch=(\\S+) .*\\bblas=(\\S+).*\\bmedian=([0-9.]+) ");
    private static final long PROBE_SECONDS = 120;

    /** One run's RESULT line: its median rate, torch's version and the BLAS kernel torch ran on. */
    record Result(double median, String version, String blas) {
    }

    private final String python;
    private final Path scripts;

    private TorchReference(String python, Path scripts) {
        this.python = python;
        this.scripts = scripts;
    }

    /** The first of {@code pythons} that imports torch, with the scripts unpacked to a temporary folder. */
    public static Optional<TorchReference> find(List<String> pythons) {
        for (String python : pythons) {
            if (importsTorch(python)) {
                return Optional.of(new TorchReference(python, unpackScripts()));
            }
        }
        return Optional.empty();
    }

    public String python() {
        return python;
    }

    /**
     * Runs {@code script} (tms_torch.py or sae_torch.py) with {@code args} and {@code --threads
     * threads}, echoing its lines to {@code out} with a "torch: " prefix.
     *
     * @return its RESULT, or empty (said on {@code out}) when it failed or printed none
     */
    Optional<Result> run(String script, List<String> args, int threads, PrintStream out) {
        List<String> command = new ArrayList<>(List.of(python, scripts.resolve(script).toString()));
        command.addAll(args);
        command.addAll(List.of("--threads", Integer.toString(threads)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        try {
            Process process = builder.start();
            Optional<Result> result = Optional.empty();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println("torch: " + line);
                    Optional<Result> parsed = parse(line);
                    if (parsed.isPresent()) {
                        result = parsed;
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || result.isEmpty()) {
                out.printf("torch: %s exited with %d%s%n", String.join(" ", command), exit,
                        result.isEmpty() ? " without a RESULT line" : "");
                return Optional.empty();
            }
            return result;
        } catch (IOException e) {
            out.println("torch: could not start " + python + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the PyTorch reference", e);
        }
    }

    /** The median, torch version and BLAS kernel of a reference loop's {@code RESULT ...} line; empty for any other line. */
    static Optional<Result> parse(String line) {
        Matcher m = RESULT.matcher(line);
        return m.find() ? Optional.of(new Result(Double.parseDouble(m.group(3)), m.group(1), m.group(2)))
                : Optional.empty();
    }

    private static boolean importsTorch(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c", "import torch")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path unpackScripts() {
        try {
            Path folder = Files.createTempDirectory("superpose-torch-bench");
            folder.toFile().deleteOnExit();
            for (String script : List.of("tms_torch.py", "sae_torch.py", "blas_kernel.py")) {
                Path target = folder.resolve(script);
                try (InputStream in = TorchReference.class.getResourceAsStream("/bench/" + script)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks bench/" + script + " (built without src/bench?)");
                    }
                    Files.copy(in, target);
                }
                target.toFile().deleteOnExit();
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
