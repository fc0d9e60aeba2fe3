package dev.superpose.data.source.transformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.superpose.config.BadInputException;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.TransformerConfig;
import dev.superpose.config.TransformerWeights;
import dev.superpose.data.source.Activations;
import dev.superpose.data.source.DataPaths;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A transformer source's rows: the activations at the hook on the text's content tokens, in
 * text order. The first load extracts them batch by batch into an {@link ActivationCache}
 * (resuming an interrupted extraction at its first unfinished batch); later loads, by this or
 * any other sweep with the same settings, read the cache.
 */
public final class TransformerActivations {
    /** Contexts per forward pass; recorded in the cache's identity since a matmul's shape can change the last bit. */
    public static final int CONTEXTS_PER_BATCH = 8;
    /**
     * Bumped whenever what a cache holds changes meaning, so old caches are not reused (2: format
     * 1 wrote every batch after the first at the wrong offset).
     */
    private static final int FORMAT = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path home;
    private final PrintStream progress;
    private final Function<TransformerConfig, TransformerModel> models;

    /**
     * @param home     the home directory: relative paths resolve under its {@code data/}, where
     *                 {@code activations/} holds the caches
     * @param progress where the progress bar goes
     */
    public TransformerActivations(Path home, PrintStream progress) {
        this.home = home;
        this.progress = progress;
        this.models = this::model;
    }

    /**
     * With the models supplied by {@code models}: one model read once for several sources (tests,
     * an evaluation's probes); {@link #model} reads one.
     */
    public TransformerActivations(Path home, PrintStream progress, Function<TransformerConfig, TransformerModel> models) {
        this.home = home;
        this.progress = progress;
        this.models = models;
    }

    /** What one extraction is: the model, its weights and the hook, on packed text. */
    public record Setup(TransformerModel model, TransformerWeights setting, long seed, Hook hook) {
        /** The encoder this setup runs. */
        public BertEncoder encoder() {
            return new BertEncoder(WeightInit.apply(setting, model.weights(), seed),
                    setting == TransformerWeights.NOISE_EMBEDDINGS, seed);
        }
    }

    /**
     * Checks that the build has the transformer jars and the settings against the model (hook
     * exists, context fits), and loads the model.
     *
     * @throws BadInputException naming the setting at fault
     */
    public Setup setup(SourceConfig source) {
        TransformerConfig t = source.transformer();
        TransformerJars.require(t);
        TransformerModel model = models.apply(t);
        Hook hook = Hook.parse(t.hook()).orElseThrow(() -> new BadInputException("source.hook = \"" + t.hook()
                + "\": expected " + Hook.SPELLINGS));
        if (hook.layer() >= model.weights().layers()) {
            throw new BadInputException("source.hook = \"" + t.hook() + "\": " + model.name() + " has blocks 0 to "
                    + (model.weights().layers() - 1));
        }
        if (hook.point() == Hook.Point.TOKEN_EMBEDDINGS && t.weights() == TransformerWeights.NOISE_EMBEDDINGS) {
            throw new BadInputException("source.hook = token-embeddings reads the embedding matrix, which"
                    + " source.weights = noise-embeddings leaves trained (its noise replaces the embedding output):"
                    + " use trained, random or random-except-embeddings");
        }
        if (hook.point() != Hook.Point.TOKEN_EMBEDDINGS && t.contextLength() > model.weights().positions()) {
            throw new BadInputException("source.context-length = " + t.contextLength() + ": " + model.name() + " has "
                    + model.weights().positions() + " positions");
        }
        return new Setup(model, t.weights(), source.seed(), hook);
    }

    /**
     * Reads the model {@code t} names: the built-in one, or a user's ONNX file and tokenizer.json.
     *
     * @throws BadInputException naming the setting or file at fault
     */
    public TransformerModel model(TransformerConfig t) {
        if (t.model().equals(TransformerConfig.MINILM)) {
            if (t.tokenizer() != null) {
                throw new BadInputException("source.tokenizer: the built-in " + TransformerConfig.MINILM
                        + " brings its own tokenizer; set it only with an ONNX file in source.model");
            }
            return TransformerModel.minilm();
        }
        List<Path> files = modelFiles(t);
        return TransformerModel.fromFiles(files.get(0), files.get(1));
    }

    /** A user's model: its ONNX file and its tokenizer.json; none for the built-in one. */
    private List<Path> modelFiles(TransformerConfig t) {
        if (t.model().equals(TransformerConfig.MINILM)) {
            return List.of();
        }
        Path onnx = DataPaths.dataFile(home, "source.model", t.model());
        Path tokenizer = t.tokenizer() == null ? onnx.resolveSibling("tokenizer.json")
                : DataPaths.dataFile(home, "source.tokenizer", t.tokenizer());
        return List.of(onnx, tokenizer);
    }

    /** The user's files {@code t} reads (model, tokenizer, text); the built-in model and text are none. */
    public List<Path> files(TransformerConfig t) {
        List<Path> files = new ArrayList<>(modelFiles(t));
        if (!t.text().equals(TransformerConfig.EUROPARL)) {
            files.add(DataPaths.dataFile(home, "source.text", t.text()));
        }
        return files;
    }

    /** The rows for {@code source}: extracted now, resumed, or read from the cache. */
    public Activations load(SourceConfig source) {
        Setup setup = setup(source);
        if (setup.hook().point() == Hook.Point.TOKEN_EMBEDDINGS) {
            BertWeights weights = WeightInit.apply(setup.setting(), setup.model().weights(), setup.seed());
            OnnxGraph.FloatTensor words = weights.get(BertWeights.WORDS);
            return new Activations((int) words.dims()[0], (int) words.dims()[1], words.values());
        }
        TransformerConfig t = source.transformer();
        TextCorpus text = TextCorpus.open(t.text(), home.resolve("data"));
        Map<String, Object> description = describe(setup, t, text);
        ActivationCache cache = new ActivationCache(home.resolve("data").resolve("activations"), hash(description));
        int rows = t.tokens();
        int dim = setup.model().weights().dim();
        try {
            if (!cache.complete()) {
                extract(setup, t, text, description, cache);
            }
            return cache.read(rows, dim);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or read the activation cache " + cache.data(), e);
        }
    }

    /** The cache a source's activations are (or will be) in. */
    public ActivationCache cache(SourceConfig source, Setup setup) {
        TransformerConfig t = source.transformer();
        TextCorpus text = TextCorpus.open(t.text(), home.resolve("data"));
        return new ActivationCache(home.resolve("data").resolve("activations"), hash(describe(setup, t, text)));
    }

    private void extract(Setup setup, TransformerConfig t, TextCorpus text, Map<String, Object> description,
                         ActivationCache cache) throws IOException {
        TokenContexts contexts;
        try (TextTokenizer tokenizer = setup.model().tokenizer()) {
            contexts = TokenContexts.pack(text, tokenizer, t.contextLength(), t.tokens());
        }
        int rows = t.tokens();
        int dim = setup.model().weights().dim();
        int batches = (contexts.contexts() + CONTEXTS_PER_BATCH - 1) / CONTEXTS_PER_BATCH;
        int done = cache.batchesDone();
        if (done == 0) {
            cache.create(description, rows, dim, contexts);
        } else {
            progress.println("activations " + setup.hook().id() + ": " + done + " of " + batches
                    + " batches already in " + cache.data() + "; resuming at batch " + (done + 1));
        }
        BertEncoder encoder = setup.encoder();
        int perContext = contexts.perContext();
        long started = System.nanoTime();
        long tokensRun = 0;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("activations " + setup.hook().id())
                .setInitialMax(rows).setUnit(" tok", 1).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(progress)).startsFrom(
                        Math.min(rows, (long) done * CONTEXTS_PER_BATCH * perContext), Duration.ZERO)
                .build()) {
            for (int batch = done; batch < batches; batch++) {
                int first = batch * CONTEXTS_PER_BATCH;
                int count = Math.min(CONTEXTS_PER_BATCH, contexts.contexts() - first);
                INDArray hooked = encoder.activations(contexts.input(first, count), first, setup.hook());
                long firstRow = (long) first * perContext;
                int keep = (int) Math.min((long) count * perContext, rows - firstRow);
                float[] values = contentRows(hooked, count, t.contextLength(), dim, keep);
                tokensRun += (long) count * t.contextLength();
                double seconds = (System.nanoTime() - started) / 1e9;
                cache.append(firstRow, dim, values, done, batch + 1, batch + 1 == batches,
                        Math.round(tokensRun / Math.max(seconds, 1e-9)));
                bar.stepBy(keep);
            }
        }
    }

    /** The content positions (1 .. length-2 of each context) of [count·length, dim], the first {@code keep} rows. */
    private static float[] contentRows(INDArray hooked, int count, int length, int dim, int keep) {
        float[] all = hooked.dup('c').data().asFloat();
        float[] content = new float[keep * dim];
        int perContext = length - 2;
        for (int row = 0; row < keep; row++) {
            int context = row / perContext;
            int position = 1 + row % perContext;
            System.arraycopy(all, (context * length + position) * dim, content, row * dim, dim);
        }
        return content;
    }

    private static Map<String, Object> describe(Setup setup, TransformerConfig t, TextCorpus text) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("format", FORMAT);
        d.put("model", setup.model().name());
        d.put("weights", t.weights().id());
        if (t.weights() != TransformerWeights.TRAINED) {
            d.put("seed", setup.seed());
        }
        d.put("hook", setup.hook().id());
        d.put("hook_name", setup.hook().transformerLensName());
        d.put("text", text.label());
        d.put("text_sha256", text.digest());
        d.put("context_length", t.contextLength());
        d.put("contexts_per_batch", CONTEXTS_PER_BATCH);
        d.put("tokens", t.tokens());
        d.put("dim", setup.model().weights().dim());
        d.put("model_sha256", setup.model().digest());
        d.put("tokenizer_sha256", Sha256.hex(setup.model().tokenizerJson()));
        return d;
    }

    private static String hash(Map<String, Object> description) {
        try {
            return Sha256.hex(JSON.writeValueAsString(new TreeMap<>(description)).getBytes(StandardCharsets.UTF_8))
                    .substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
