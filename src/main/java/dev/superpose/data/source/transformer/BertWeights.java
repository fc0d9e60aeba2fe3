package dev.superpose.data.source.transformer;

import dev.superpose.data.source.transformer.OnnxGraph.FloatTensor;
import dev.superpose.data.source.transformer.OnnxGraph.Node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The parameters of a BERT encoder (Hugging Face's {@code BertModel} layout), by their PyTorch
 * names: {@code embeddings.word_embeddings.weight}, {@code encoder.layer.K.attention.self.query.weight},
 * … Linear weights are held as [in, out] (the orientation ONNX's MatMul reads), not PyTorch's
 * [out, in]. The shape hyper-parameters that no weight carries (heads, layer-norm epsilon) are
 * read from the graph's constants.
 *
 * @param heads     attention heads per layer
 * @param epsilon   the layer norms' epsilon
 * @param tensors   name → tensor
 */
public record BertWeights(int layers, int dim, int heads, int ffn, int vocabulary, int positions, float epsilon,
                          Map<String, FloatTensor> tensors) {

    /** The Linear layers of one block, each with {@code .weight} and {@code .bias}. */
    static final List<String> BLOCK_LINEARS = List.of("attention.self.query", "attention.self.key",
            "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense");
    /** The layer norms of one block, each with {@code .weight} and {@code .bias}. */
    static final List<String> BLOCK_NORMS = List.of("attention.output.LayerNorm", "output.LayerNorm");
    static final String WORDS = "embeddings.word_embeddings.weight";
    static final String POSITIONS = "embeddings.position_embeddings.weight";
    static final String TOKEN_TYPES = "embeddings.token_type_embeddings.weight";
    static final String EMBEDDING_NORM = "embeddings.LayerNorm";

    public BertWeights {
        tensors = Map.copyOf(tensors);
    }

    public FloatTensor get(String name) {
        FloatTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return tensor;
    }

    /** Block {@code layer}'s parameter {@code name} (e.g. {@code attention.self.query.weight}). */
    public FloatTensor block(int layer, String name) {
        return get("encoder.layer." + layer + "." + name);
    }

    /** Every parameter replaced by {@code replace(name, tensor)}; the shape constants kept. */
    public BertWeights map(BiFunction<String, FloatTensor, FloatTensor> replace) {
        Map<String, FloatTensor> mapped = new HashMap<>();
        tensors.forEach((name, tensor) -> mapped.put(name, replace.apply(name, tensor)));
        return new BertWeights(layers, dim, heads, ffn, vocabulary, positions, epsilon, mapped);
    }

    /**
     * Reads the weights of a BERT-family ONNX export: its named bias initializers give the
     * module names, and each anonymous MatMul weight takes the name of the bias added to its
     * product.
     *
     * @throws IOException naming what makes the graph not a BERT encoder
     */
    public static BertWeights fromOnnx(OnnxGraph graph) throws IOException {
        Map<String, FloatTensor> tensors = new HashMap<>();
        graph.initializers().forEach((name, tensor) -> {
            if (!name.startsWith("onnx::")) {
                tensors.put(name, tensor);
            }
        });
        for (Node matmul : graph.nodes()) {
            if (!matmul.opType().equals("MatMul") || !graph.initializers().containsKey(matmul.inputs().get(1))) {
                continue;
            }
            Optional<String> bias = graph.consumers(matmul.outputs().get(0)).stream()
                    .filter(n -> n.opType().equals("Add"))
                    .flatMap(n -> n.inputs().stream())
                    .filter(input -> input.endsWith(".bias") && graph.initializers().containsKey(input))
                    .findFirst();
            if (bias.isPresent()) {
                String module = bias.get().substring(0, bias.get().length() - ".bias".length());
                tensors.put(module + ".weight", graph.initializers().get(matmul.inputs().get(1)));
            }
        }
        FloatTensor words = require(tensors, WORDS);
        int dim = (int) words.dims()[1];
        int layers = 0;
        while (tensors.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        if (layers == 0) {
            throw new IOException("no encoder.layer.0.attention.self.query weight: not a BERT encoder");
        }
        for (int layer = 0; layer < layers; layer++) {
            for (String linear : BLOCK_LINEARS) {
                require(tensors, "encoder.layer." + layer + "." + linear + ".weight");
                require(tensors, "encoder.layer." + layer + "." + linear + ".bias");
            }
            for (String norm : BLOCK_NORMS) {
                require(tensors, "encoder.layer." + layer + "." + norm + ".weight");
                require(tensors, "encoder.layer." + layer + "." + norm + ".bias");
            }
        }
        require(tensors, EMBEDDING_NORM + ".weight");
        require(tensors, EMBEDDING_NORM + ".bias");
        FloatTensor positions = require(tensors, POSITIONS);
        require(tensors, TOKEN_TYPES);
        int ffn = (int) tensors.get("encoder.layer.0.intermediate.dense.weight").dims()[1];
        return new BertWeights(layers, dim, heads(graph, dim), ffn, (int) words.dims()[0], (int) positions.dims()[0],
                epsilon(graph), tensors);
    }

    private static FloatTensor require(Map<String, FloatTensor> tensors, String name) throws IOException {
        FloatTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IOException("no " + name + ": not a BERT-family encoder (Hugging Face BertModel names)");
        }
        return tensor;
    }

    /**
     * The head count from the attention scores' scale: scores are divided by sqrt(d_head), a
     * constant of the graph (the Div right after the Q·Kᵀ MatMul, whose inputs are both computed).
     */
    private static int heads(OnnxGraph graph, int dim) throws IOException {
        for (Node matmul : graph.nodes()) {
            if (!matmul.opType().equals("MatMul") || matmul.inputs().stream().anyMatch(graph.initializers()::containsKey)) {
                continue;
            }
            for (Node div : graph.consumers(matmul.outputs().get(0))) {
                Optional<FloatTensor> scale = div.opType().equals("Div") ? graph.constant(div.inputs().get(1))
                        : Optional.empty();
                if (scale.isPresent() && scale.get().values().length == 1) {
                    int headDim = Math.round(scale.get().values()[0] * scale.get().values()[0]);
                    if (headDim > 0 && dim % headDim == 0) {
                        return dim / headDim;
                    }
                }
            }
        }
        throw new IOException("cannot find the attention scale (a Div by sqrt(d_head) after Q·Kᵀ): not a BERT encoder");
    }

    /** The epsilon added to the variance before the square root of the first layer norm. */
    private static float epsilon(OnnxGraph graph) throws IOException {
        for (Node sqrt : graph.nodes()) {
            if (!sqrt.opType().equals("Sqrt")) {
                continue;
            }
            Optional<Node> add = graph.producer(sqrt.inputs().get(0)).filter(n -> n.opType().equals("Add"));
            if (add.isPresent()) {
                for (String input : add.get().inputs()) {
                    Optional<FloatTensor> eps = graph.constant(input);
                    if (eps.isPresent() && eps.get().values().length == 1) {
                        return eps.get().values()[0];
                    }
                }
            }
        }
        throw new IOException("cannot find the layer norm's epsilon (an Add before a Sqrt): not a BERT encoder");
    }

    /** The parameter names in a fixed order (embeddings, then each block), for seeded redraws. */
    public List<String> orderedNames() {
        List<String> names = new ArrayList<>(List.of(WORDS, POSITIONS, TOKEN_TYPES, EMBEDDING_NORM + ".weight",
                EMBEDDING_NORM + ".bias"));
        for (int layer = 0; layer < layers; layer++) {
            for (String linear : BLOCK_LINEARS) {
                names.add("encoder.layer." + layer + "." + linear + ".weight");
                names.add("encoder.layer." + layer + "." + linear + ".bias");
            }
            for (String norm : BLOCK_NORMS) {
                names.add("encoder.layer." + layer + "." + norm + ".weight");
                names.add("encoder.layer." + layer + "." + norm + ".bias");
            }
        }
        return names;
    }
}
