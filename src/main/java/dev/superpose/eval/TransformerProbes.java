package dev.superpose.eval;

import dev.superpose.config.TransformerConfig;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.transformer.TransformerActivations;
import dev.superpose.data.source.transformer.TransformerModel;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link TransformerSaeProbe}s of one sweep's evaluations: one per SAE data key, built when
 * the first stack of that key is evaluated and kept for the rest of the run and its export. A
 * probe reads the model, re-tokenises the text and runs the held-out sentences clean and
 * ablated: work every stack of the key shares. The model is read once for all the keys that
 * name it (the weight settings of one model are keys of their own). Evaluators may ask at once.
 */
final class TransformerProbes {
    private final Path home;
    private final Function<TransformerConfig, TransformerModel> load;
    private final ConcurrentMap<ModelFiles, Once<TransformerModel>> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<SaeDataKey, Once<Optional<TransformerSaeProbe>>> probes = new ConcurrentHashMap<>();

    /** Probes of the data under {@code home}, reading models as a transformer source does. */
    TransformerProbes(Path home) {
        this(home, new TransformerActivations(home, System.err)::model);
    }

    /** @param load reads the model a transformer source names (tests count the reads) */
    TransformerProbes(Path home, Function<TransformerConfig, TransformerModel> load) {
        this.home = home;
        this.load = load;
    }

    /** The probe of {@code key}'s data; empty when it is not a transformer's activations an SAE reconstructs. */
    Optional<TransformerSaeProbe> of(SaeDataKey key) {
        return probes.computeIfAbsent(key, k -> new Once<>(() -> TransformerSaeProbe.of(home, k, this::model))).get();
    }

    private TransformerModel model(TransformerConfig t) {
        return models.computeIfAbsent(new ModelFiles(t.model(), t.tokenizer()), files -> new Once<>(() -> load.apply(t)))
                .get();
    }

    /** What identifies a model: {@code source.model} and {@code source.tokenizer} (null for the default). */
    private record ModelFiles(String model, String tokenizer) {
    }

    /**
     * A value computed by the first caller and kept; callers that come meanwhile wait for it. A
     * failure is not kept: the next caller tries again (an evaluation that failed is retried).
     */
    private static final class Once<T> {
        private final Supplier<T> compute;
        private T value;

        Once(Supplier<T> compute) {
            this.compute = compute;
        }

        synchronized T get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }
}
