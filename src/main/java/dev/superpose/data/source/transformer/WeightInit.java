package dev.superpose.data.source.transformer;

import dev.superpose.config.TransformerWeights;
import dev.superpose.data.CounterRandom;
import dev.superpose.data.source.transformer.OnnxGraph.FloatTensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights a {@link TransformerWeights} setting runs with. The random settings re-draw
 * parameters as BERT initialises them (Hugging Face's {@code BertPreTrainedModel._init_weights}:
 * Linear and Embedding weights ~ N(0, 0.02²), the padding token's embedding row 0, biases 0,
 * layer-norm gains 1), from a counter-based stream keyed by the seed and the parameter's
 * position, so the same seed gives the same model anywhere.
 */
public final class WeightInit {
    /** BERT's initializer_range. */
    static final double INIT_STD = 0.02;
    /** The padding token's id, whose embedding row BERT initialises to 0. */
    static final int PAD_ID = 0;

    private WeightInit() {
    }

    public static BertWeights apply(TransformerWeights setting, BertWeights trained, long seed) {
        if (setting == TransformerWeights.TRAINED || setting == TransformerWeights.NOISE_EMBEDDINGS) {
            return trained;
        }
        List<String> order = trained.orderedNames();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        boolean keepEmbeddings = setting == TransformerWeights.RANDOM_EXCEPT_EMBEDDINGS;
        return trained.map((name, tensor) -> keepEmbeddings && name.startsWith("embeddings.")
                ? tensor : initial(name, tensor, seed, index.get(name)));
    }

    private static FloatTensor initial(String name, FloatTensor tensor, long seed, int parameter) {
        float[] values = new float[tensor.values().length];
        if (name.endsWith("LayerNorm.weight")) {
            Arrays.fill(values, 1f);
        } else if (!name.endsWith(".bias")) {
            long key = CounterRandom.stepKey(seed, parameter, 0);
            for (int i = 0; i < values.length; i++) {
                long row = CounterRandom.rowKey(key, i);
                values[i] = (float) (INIT_STD * CounterRandom.gaussian(CounterRandom.bits(row, 0),
                        CounterRandom.bits(row, 1)));
            }
            if (name.equals(BertWeights.WORDS)) {
                int dim = (int) tensor.dims()[1];
                Arrays.fill(values, PAD_ID * dim, (PAD_ID + 1) * dim, 0f);
            }
        }
        return new FloatTensor(tensor.dims(), values);
    }
}
