package dev.superpose.data.source.transformer;

import dev.superpose.data.CounterRandom;
import dev.superpose.data.source.transformer.OnnxGraph.FloatTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BERT encoder's forward pass in ND4J (float32), with a hook where activations can be read or
 * replaced. Input: {@code B} contexts of {@code T} token ids each, single-segment (token type 0);
 * {@link #sentences} pads shorter ones and masks the padding out of attention, as BERT's
 * attention mask does. Activations are [B·T, d] row-major, context-major.
 *
 * <p>Per block (post-norm, as BERT): {@code a = Attn(h)}, {@code h1 = LN(h + a)},
 * {@code m = W2 GELU(W1 h1 + b1) + b2}, {@code h = LN(h1 + m)}; GELU is the exact erf form.
 *
 * <p>Each block's intermediates (queries, keys, values, the [B·H, T, T] attention scores, the
 * MLP's 4d-wide hidden layer: ~375 MB for 64 contexts of 128 tokens) live in a workspace that the
 * next block reuses and that is released when the pass ends; only the block's output is copied
 * out. Left to the garbage collector, which frees ND4J's off-heap buffers only when it collects
 * their small Java wrappers, a pass's ~2 GB of intermediates piled up to JavaCPP's limit (by
 * default the -Xmx heap size) on top of the heap.
 */
public final class BertEncoder {
    /** The noise stream's domain, apart from the weight draws (which use parameter indices). */
    private static final long NOISE_DOMAIN = 0x4E4F495345L;
    /** The attention bias of padding: its softmax weight underflows to 0. */
    private static final float MASKED = -1e9f;
    /** A hook no block holds. */
    private static final Hook NO_HOOK = new Hook(Hook.Point.EMBED, -1);
    /** The workspace of one block's intermediates; per thread, as ND4J's workspaces are. */
    static final String SCRATCH_ID = "bert-encoder-block";
    private static final WorkspaceConfiguration SCRATCH = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.EXTERNAL).build();

    private final BertWeights weights;
    private final boolean noiseEmbeddings;
    private final long noiseSeed;
    private final INDArray words;
    private final INDArray positions;
    private final INDArray tokenType0;
    private final Norm embeddingNorm;
    private final List<Block> blocks = new ArrayList<>();

    /** Replaces (or reads) the activation at the hook: given [B·T, d], returns what continues. */
    @FunctionalInterface
    public interface Edit {
        INDArray apply(INDArray activation);
    }

    /**
     * @param noiseEmbeddings replace the embedding output by N(0, 1) noise, drawn per context index
     *                        and position from {@code noiseSeed}
     */
    public BertEncoder(BertWeights weights, boolean noiseEmbeddings, long noiseSeed) {
        this.weights = weights;
        this.noiseEmbeddings = noiseEmbeddings;
        this.noiseSeed = noiseSeed;
        this.words = array(weights.get(BertWeights.WORDS));
        this.positions = array(weights.get(BertWeights.POSITIONS));
        this.tokenType0 = array(weights.get(BertWeights.TOKEN_TYPES)).getRow(0).dup();
        this.embeddingNorm = new Norm(array(weights.get(BertWeights.EMBEDDING_NORM + ".weight")),
                array(weights.get(BertWeights.EMBEDDING_NORM + ".bias")));
        for (int layer = 0; layer < weights.layers(); layer++) {
            blocks.add(new Block(this, layer));
        }
    }

    public BertWeights weights() {
        return weights;
    }

    /** The activation at {@code hook}, [B·T, d]; only the blocks up to the hook run. */
    public INDArray activations(int[][] ids, long firstContext, Hook hook) {
        INDArray[] read = new INDArray[1];
        run(ids, firstContext, hook, a -> {
            read[0] = a.dup();
            return a;
        }, hook.blocksNeeded());
        return read[0];
    }

    /** The last hidden state [B·T, d], with {@code edit} applied at {@code hook}. */
    public INDArray output(int[][] ids, long firstContext, Hook hook, Edit edit) {
        return run(ids, firstContext, hook, edit, weights.layers());
    }

    /** The last hidden state [B·T, d] of the unedited model. */
    public INDArray output(int[][] ids, long firstContext) {
        return output(ids, firstContext, new Hook(Hook.Point.EMBED, -1), a -> a);
    }

    /**
     * Mean-pooled last hidden states [B, d] of texts of different lengths, run as one padded
     * batch: padding ({@link WeightInit#PAD_ID}) is masked out of attention and of the mean.
     */
    public INDArray sentences(int[][] ids) {
        return sentences(ids, new Hook(Hook.Point.EMBED, -1), a -> a);
    }

    /**
     * {@link #sentences(int[][])} with {@code contentEdit} applied at {@code hook} to the rows of
     * the texts' content tokens only ([n, d], text by text, each text's tokens between its first
     * and last, the [CLS] and [SEP] a tokenizer adds): the rows an activation cache holds, which an
     * SAE's reconstruction can replace. [CLS], [SEP] and padding continue unedited.
     */
    public INDArray sentences(int[][] ids, Hook hook, Edit contentEdit) {
        return sentences(prefix(ids, hook), contentEdit);
    }

    /**
     * Texts run, padded and masked as {@link #sentences(int[][])} runs them, up to where an edit at
     * {@code hook} takes effect: what every edit there shares. Held once, it lets each edit run only
     * the blocks after the hook (resid.3 of a 6-block model: 2 blocks instead of 6).
     *
     * @param hidden [B·T, d]: the embedding output for embed, the output of block k for resid.k,
     *               the input of block k for attn.k and mlp.k
     * @param start  the first block that {@link #sentences(Prefix, Edit)} runs
     */
    public record Prefix(int[][] ids, Hook hook, int length, INDArray mask, INDArray hidden, int start) {
        /** Whether the hook is the prefix's output itself, rather than inside block {@code start}. */
        boolean editsHidden() {
            return hook.point() == Hook.Point.EMBED || hook.point() == Hook.Point.RESID;
        }
    }

    /** The {@link Prefix} of {@code ids} for edits at {@code hook}. */
    public Prefix prefix(int[][] ids, Hook hook) {
        if (hook.point() == Hook.Point.TOKEN_EMBEDDINGS) {
            throw new IllegalArgumentException("the token-embedding matrix is not an activation of a forward pass");
        }
        int length = 0;
        for (int[] row : ids) {
            length = Math.max(length, row.length);
        }
        int[][] padded = new int[ids.length][length];
        float[] bias = new float[ids.length * length];
        for (int b = 0; b < ids.length; b++) {
            System.arraycopy(ids[b], 0, padded[b], 0, ids[b].length);
            Arrays.fill(padded[b], ids[b].length, length, WeightInit.PAD_ID);
            Arrays.fill(bias, b * length + ids[b].length, (b + 1) * length, MASKED);
        }
        INDArray mask = Nd4j.create(bias, new long[]{ids.length, 1, length}, 'c');
        int start = hook.point() == Hook.Point.RESID ? hook.layer() + 1 : Math.max(0, hook.layer());
        // the blocks before start hold no hook: an edit at resid.k applies to block k's output, after them
        INDArray hidden = runBlocks(embed(padded, 0), 0, start, ids.length, length, NO_HOOK, a -> a, mask);
        return new Prefix(ids, hook, length, mask, hidden, start);
    }

    /** {@link #sentences(int[][], Hook, Edit)} from a {@link Prefix}: only the blocks from its start run. */
    public INDArray sentences(Prefix prefix, Edit contentEdit) {
        int[][] ids = prefix.ids();
        int length = prefix.length();
        int[] content = contentRows(ids, length);
        Edit edit = a -> {
            INDArray edited = contentEdit.apply(a.getRows(content));
            if (edited.rows() != content.length || edited.columns() != a.columns()) {
                throw new IllegalArgumentException("an edit of " + content.length + " content rows returned "
                        + Arrays.toString(edited.shape()));
            }
            int dim = (int) a.columns();
            float[] out = a.dup('c').data().asFloat();
            float[] replaced = edited.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < content.length; i++) {
                System.arraycopy(replaced, i * dim, out, content[i] * dim, dim);
            }
            return Nd4j.create(out, a.shape(), 'c');
        };
        INDArray start = prefix.editsHidden() ? edit.apply(prefix.hidden()) : prefix.hidden();
        INDArray hidden = runBlocks(start, prefix.start(), weights.layers(), ids.length, length,
                prefix.editsHidden() ? NO_HOOK : prefix.hook(), edit, prefix.mask())
                .reshape(ids.length, length, weights.dim());
        INDArray pooled = Nd4j.create(DataType.FLOAT, ids.length, weights.dim());
        for (int b = 0; b < ids.length; b++) {
            pooled.putRow(b, hidden.get(NDArrayIndex.point(b), NDArrayIndex.interval(0, ids[b].length), NDArrayIndex.all())
                    .mean(0));
        }
        return pooled;
    }

    /** Row indices, in [B·T, d], of each text's positions 1 .. length − 2, text by text. */
    private static int[] contentRows(int[][] ids, int paddedLength) {
        int count = 0;
        for (int[] row : ids) {
            count += Math.max(0, row.length - 2);
        }
        int[] rows = new int[count];
        int next = 0;
        for (int b = 0; b < ids.length; b++) {
            for (int t = 1; t < ids[b].length - 1; t++) {
                rows[next++] = b * paddedLength + t;
            }
        }
        return rows;
    }

    private INDArray run(int[][] ids, long firstContext, Hook hook, Edit edit, int blockCount) {
        return run(ids, firstContext, hook, edit, blockCount, null);
    }

    /** @param mask null, or an additive attention bias [B, 1, T] (0 for tokens, {@link #MASKED} for padding) */
    private INDArray run(int[][] ids, long firstContext, Hook hook, Edit edit, int blockCount, INDArray mask) {
        INDArray h = embed(ids, firstContext);
        if (hook.point() == Hook.Point.EMBED) {
            h = edit.apply(h);
        }
        return runBlocks(h, 0, blockCount, ids.length, ids[0].length, hook, edit, mask);
    }

    /** Blocks {@code from} to {@code to} − 1 on {@code h}, with {@code edit} at {@code hook} if it is inside one of them. */
    private INDArray runBlocks(INDArray h, int from, int to, int contexts, int length, Hook hook, Edit edit, INDArray mask) {
        try {
            for (int layer = from; layer < to; layer++) {
                h = blocks.get(layer).forward(h, contexts, length, layer == hook.layer() ? hook.point() : null, edit,
                        mask);
            }
        } finally {
            // a pass's intermediates differ in size with the batch: size the workspace anew each pass
            if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(SCRATCH_ID)) {
                Nd4j.getWorkspaceManager().destroyWorkspace(
                        Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(SCRATCH_ID));
            }
        }
        return h;
    }

    /** {@code edit} applied outside the block's workspace, so that what it keeps or returns outlives the block. */
    private static INDArray outside(Edit edit, INDArray activation) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return edit.apply(activation);
        }
    }

    private INDArray embed(int[][] ids, long firstContext) {
        int contexts = ids.length;
        int length = ids[0].length;
        int dim = weights.dim();
        if (length > weights.positions()) {
            throw new IllegalArgumentException("contexts of " + length + " tokens exceed the model's "
                    + weights.positions() + " positions");
        }
        if (noiseEmbeddings) {
            float[] noise = new float[contexts * length * dim];
            for (int b = 0; b < contexts; b++) {
                for (int t = 0; t < length; t++) {
                    long key = CounterRandom.rowKey(noiseSeed, NOISE_DOMAIN, firstContext + b, t);
                    int base = (b * length + t) * dim;
                    for (int j = 0; j < dim; j++) {
                        noise[base + j] = (float) CounterRandom.gaussian(CounterRandom.bits(key, 2L * j),
                                CounterRandom.bits(key, 2L * j + 1));
                    }
                }
            }
            return Nd4j.create(noise, new long[]{(long) contexts * length, dim}, 'c');
        }
        int[] flat = new int[contexts * length];
        for (int b = 0; b < contexts; b++) {
            if (ids[b].length != length) {
                throw new IllegalArgumentException("contexts of unequal length: " + ids[b].length + " and " + length);
            }
            System.arraycopy(ids[b], 0, flat, b * length, length);
        }
        INDArray tokens = words.getRows(flat);
        INDArray position = positions.get(NDArrayIndex.interval(0, length),
                NDArrayIndex.all());
        tokens.reshape(contexts, length, dim).addi(position.reshape(1, length, dim).broadcast(contexts, length, dim));
        tokens.addiRowVector(tokenType0);
        return embeddingNorm.apply(tokens);
    }

    static INDArray array(FloatTensor tensor) {
        return Nd4j.create(tensor.values(), tensor.dims(), 'c').castTo(DataType.FLOAT);
    }

    /** A layer norm over the last axis of [N, d]. */
    private final class Norm {
        private final INDArray gain;
        private final INDArray bias;

        Norm(INDArray gain, INDArray bias) {
            this.gain = gain;
            this.bias = bias;
        }

        INDArray apply(INDArray x) {
            INDArray centred = x.subColumnVector(x.mean(1).reshape(-1, 1));
            INDArray variance = centred.mul(centred).mean(1).addi(weights.epsilon());
            centred.diviColumnVector(Transforms.sqrt(variance, false).reshape(-1, 1));
            return centred.muliRowVector(gain).addiRowVector(bias);
        }
    }

    /** A Linear layer, weight held [in, out]. */
    private record Linear(INDArray weight, INDArray bias) {
        INDArray apply(INDArray x) {
            return x.mmul(weight).addiRowVector(bias);
        }
    }

    private static final class Block {
        private final Linear query;
        private final Linear key;
        private final Linear value;
        private final Linear attentionOut;
        private final Norm attentionNorm;
        private final Linear up;
        private final Linear down;
        private final Norm outputNorm;
        private final int heads;
        private final int headDim;

        Block(BertEncoder encoder, int layer) {
            BertWeights w = encoder.weights;
            query = linear(w, layer, "attention.self.query");
            key = linear(w, layer, "attention.self.key");
            value = linear(w, layer, "attention.self.value");
            attentionOut = linear(w, layer, "attention.output.dense");
            up = linear(w, layer, "intermediate.dense");
            down = linear(w, layer, "output.dense");
            attentionNorm = encoder.new Norm(array(w.block(layer, "attention.output.LayerNorm.weight")),
                    array(w.block(layer, "attention.output.LayerNorm.bias")));
            outputNorm = encoder.new Norm(array(w.block(layer, "output.LayerNorm.weight")),
                    array(w.block(layer, "output.LayerNorm.bias")));
            heads = w.heads();
            headDim = w.dim() / heads;
        }

        private static Linear linear(BertWeights w, int layer, String module) {
            return new Linear(array(w.block(layer, module + ".weight")), array(w.block(layer, module + ".bias")));
        }

        /** The block's output, outside any workspace; {@code h} is left unchanged. */
        INDArray forward(INDArray h, int contexts, int length, Hook.Point hooked, Edit edit, INDArray mask) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(SCRATCH, SCRATCH_ID)) {
                INDArray attention = attention(h, contexts, length, mask);
                if (hooked == Hook.Point.ATTN) {
                    attention = outside(edit, attention);
                }
                INDArray h1 = attentionNorm.apply(attention.addi(h));
                INDArray inner = up.apply(h1);
                INDArray gelu = inner.mul(1.0 / Math.sqrt(2.0));
                Nd4j.exec(new Erf(gelu, gelu));
                gelu.addi(1.0).muli(inner).muli(0.5);
                INDArray mlp = down.apply(gelu);
                if (hooked == Hook.Point.MLP) {
                    mlp = outside(edit, mlp);
                }
                INDArray out = outputNorm.apply(mlp.addi(h1));
                return (hooked == Hook.Point.RESID ? outside(edit, out) : out).detach();
            }
        }

        private INDArray attention(INDArray h, int contexts, int length, INDArray mask) {
            INDArray q = split(query.apply(h), contexts, length);
            INDArray k = split(key.apply(h), contexts, length);
            INDArray v = split(value.apply(h), contexts, length);
            INDArray scores = Nd4j.matmul(q, k, null, false, true, false).divi(Math.sqrt(headDim));
            if (mask != null) {
                // [B·H, T, T] as [B, H·T, T]: every query row of context b gets b's key bias
                scores.reshape(contexts, (long) heads * length, length)
                        .addi(mask.broadcast(contexts, (long) heads * length, length));
            }
            INDArray probabilities = Nd4j.exec(new SoftMax(scores, scores, 2))[0];
            INDArray mixed = Nd4j.matmul(probabilities, v);
            INDArray merged = mixed.reshape(contexts, heads, length, headDim).permute(0, 2, 1, 3).dup('c')
                    .reshape((long) contexts * length, (long) heads * headDim);
            return attentionOut.apply(merged);
        }

        /** [B·T, d] → [B·H, T, d_head]. */
        private INDArray split(INDArray x, int contexts, int length) {
            return x.reshape(contexts, length, heads, headDim).permute(0, 2, 1, 3).dup('c')
                    .reshape((long) contexts * heads, length, headDim);
        }
    }
}
