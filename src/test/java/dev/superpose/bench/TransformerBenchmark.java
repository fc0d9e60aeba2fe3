package dev.superpose.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.superpose.data.source.transformer.BertEncoder;
import dev.superpose.data.source.transformer.Hook;
import dev.superpose.data.source.transformer.TextCorpus;
import dev.superpose.data.source.transformer.TextTokenizer;
import dev.superpose.data.source.transformer.TokenContexts;
import dev.superpose.data.source.transformer.TransformerActivations;
import dev.superpose.data.source.transformer.TransformerModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Tokens/s of superpose's ND4J forward pass of all-MiniLM-L6-v2 (to a hook, as extraction runs
 * it, and through the whole model) against ONNX Runtime's forward pass of the same ONNX file on
 * the same batches: Europarl packed as extraction packs it, {@link TransformerActivations#CONTEXTS_PER_BATCH}
 * contexts per pass. Each round times the three back to back, so a machine whose speed drifts
 * moves all three alike; the summary is the median over rounds. Tokens count every position
 * ([CLS] and [SEP] included), as extraction's {@code tokens_per_second} does.
 *
 * <p>It lives on the test class path because ONNX Runtime is a test dependency only (its jar is
 * ~90 MB); the README's performance section gives the command.
 */
public final class TransformerBenchmark {
    private final PrintStream out;
    private final int batches;
    private final int rounds;
    private final int length;
    private final Hook hook;

    TransformerBenchmark(PrintStream out, int batches, int rounds, int length, Hook hook) {
        this.out = out;
        this.batches = batches;
        this.rounds = rounds;
        this.length = length;
        this.hook = hook;
    }

    /**
     * The medians over rounds, tokens/s, and the largest difference between the two last hidden
     * states of the first pass (that both ran the same computation).
     */
    record Summary(double toHook, double fullModel, double onnxRuntime, double difference) {
        double ratio() {
            return fullModel / onnxRuntime;
        }
    }

    /**
     * {@code --batches N} (default 4) passes of 8 contexts, {@code --rounds N} (default 5),
     * {@code --context-length N} (default 128), {@code --hook ID} (default resid.2).
     */
    public static void main(String[] args) throws Exception {
        TransformerBenchmark benchmark;
        try {
            Map<String, String> options = options(args);
            Hook hook = Hook.parse(options.getOrDefault("--hook", "resid.2"))
                    .filter(h -> h.point() != Hook.Point.TOKEN_EMBEDDINGS)
                    .orElseThrow(() -> new IllegalArgumentException("--hook = " + options.get("--hook")
                            + ": expected a hook of the forward pass, " + Hook.SPELLINGS));
            if (hook.layer() > 5) {
                throw new IllegalArgumentException("--hook = " + hook.id() + ": all-minilm-l6-v2 has blocks 0 to 5");
            }
            int length = positive(options, "--context-length", 128);
            if (length < 3 || length > 512) {
                throw new IllegalArgumentException("--context-length = " + length
                        + ": expected 3 to 512 (all-minilm-l6-v2's positions)");
            }
            benchmark = new TransformerBenchmark(System.out, positive(options, "--batches", 4),
                    positive(options, "--rounds", 5), length, hook);
        } catch (IllegalArgumentException e) {
            System.err.println("transformer benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        benchmark.run();
    }

    Summary run() throws OrtException {
        out.println(BenchMachine.probe().describe());
        out.println("load average before: " + loadAverage());
        TransformerModel model = TransformerModel.minilm();
        int contextsPerBatch = TransformerActivations.CONTEXTS_PER_BATCH;
        TokenContexts contexts;
        try (TextTokenizer tokenizer = model.tokenizer()) {
            contexts = TokenContexts.pack(TextCorpus.open("europarl", Path.of(".")), tokenizer, length,
                    batches * contextsPerBatch * (length - 2));
        }
        List<int[][]> inputs = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            inputs.add(contexts.input(b * contextsPerBatch, contextsPerBatch));
        }
        BertEncoder encoder = new BertEncoder(model.weights(), false, 0);
        int threads = Runtime.getRuntime().availableProcessors();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
            settings.setIntraOpNumThreads(threads);
            settings.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(minilmOnnx(), settings)) {
                out.printf("all-minilm-l6-v2, Europarl: %d passes of %d contexts x %d tokens per round, %d rounds;"
                                + " superpose to %s and through all %d blocks (ND4J, %s threads), ONNX Runtime %s"
                                + " (intra-op threads %d)%n", batches, contextsPerBatch, length, rounds, hook.id(),
                        model.weights().layers(), ndThreads(), env.getVersion(), threads);
                double difference = largestDifference(encoder, session, env, inputs.get(0));
                out.printf("largest |superpose - ONNX Runtime| on the last hidden state of pass 1: %.2e%n", difference);
                return measure(encoder, session, env, inputs, difference);
            }
        } finally {
            out.println("load average after: " + loadAverage());
        }
    }

    private Summary measure(BertEncoder encoder, OrtSession session, OrtEnvironment env, List<int[][]> inputs,
                            double difference) {
        IntConsumer toHook = b -> encoder.activations(inputs.get(b), 0, hook).close();
        IntConsumer fullModel = b -> encoder.output(inputs.get(b), 0).close();
        IntConsumer onnxRuntime = b -> runOrt(session, env, inputs.get(b)).close();
        for (IntConsumer pass : List.of(toHook, fullModel, onnxRuntime)) {
            pass.accept(0); // warm-up: JIT, ND4J's workspaces, ORT's arena
        }
        double tokensPerRound = (double) batches * TransformerActivations.CONTEXTS_PER_BATCH * length;
        double[][] rates = new double[3][rounds];
        for (int round = 0; round < rounds; round++) {
            rates[0][round] = tokensPerRound / seconds(toHook);
            rates[1][round] = tokensPerRound / seconds(fullModel);
            rates[2][round] = tokensPerRound / seconds(onnxRuntime);
            out.printf("round %d: superpose to %s %.0f tok/s, superpose full model %.0f tok/s, ONNX Runtime %.0f tok/s,"
                            + " ratio superpose/ORT %.3f%n", round + 1, hook.id(), rates[0][round], rates[1][round],
                    rates[2][round], rates[1][round] / rates[2][round]);
        }
        Summary summary = new Summary(median(rates[0]), median(rates[1]), median(rates[2]), difference);
        out.printf("median: superpose to %s %.0f tok/s, superpose full model %.0f tok/s, ONNX Runtime %.0f tok/s,"
                        + " ratio superpose/ORT (full model) %.3f%n", hook.id(), summary.toHook(), summary.fullModel(),
                summary.onnxRuntime(), summary.ratio());
        return summary;
    }

    private double seconds(IntConsumer pass) {
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            pass.accept(b);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double largestDifference(BertEncoder encoder, OrtSession session, OrtEnvironment env, int[][] ids)
            throws OrtException {
        INDArray ours = encoder.output(ids, 0);
        try (OrtSession.Result result = runOrt(session, env, ids)) {
            float[][][] theirs = (float[][][]) result.get(0).getValue();
            double worst = 0;
            for (int c = 0; c < ids.length; c++) {
                for (int t = 0; t < ids[c].length; t++) {
                    for (int j = 0; j < theirs[c][t].length; j++) {
                        worst = Math.max(worst, Math.abs(theirs[c][t][j] - ours.getFloat((long) c * ids[c].length + t, j)));
                    }
                }
            }
            return worst;
        }
    }

    /** ONNX Runtime's last hidden state for {@code ids}: every position attended, segment 0. */
    private static OrtSession.Result runOrt(OrtSession session, OrtEnvironment env, int[][] ids) {
        long[] shape = {ids.length, ids[0].length};
        long[] flat = Arrays.stream(ids).flatMapToInt(Arrays::stream).asLongStream().toArray();
        long[] ones = new long[flat.length];
        Arrays.fill(ones, 1);
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[flat.length]), shape)) {
            return session.run(Map.of("input_ids", input, "attention_mask", mask, "token_type_ids", types),
                    java.util.Set.of("last_hidden_state"));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch", e);
        }
    }

    private static byte[] minilmOnnx() {
        try (InputStream in = TransformerBenchmark.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ndThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        return omp == null ? "default" : "OMP_NUM_THREADS=" + omp;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
        }
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--batches", "--rounds", "--context-length", "--hook").contains(args[i])) {
                throw new IllegalArgumentException(args[i] + ": expected --batches, --rounds, --context-length or --hook");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static int positive(Map<String, String> options, String name, int fallback) {
        try {
            int value = Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = " + options.get(name) + ": expected a positive integer");
        }
    }
}
