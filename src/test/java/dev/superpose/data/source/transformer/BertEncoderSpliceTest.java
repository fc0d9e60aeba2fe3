package dev.superpose.data.source.transformer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The splice hook of {@link BertEncoder#sentences(int[][], Hook, BertEncoder.Edit)}: which rows it
 * edits; and the per-block workspace: what a pass returns or an edit keeps outlives it, a reused
 * workspace changes no value, and no workspace is left holding memory after the pass.
 */
class BertEncoderSpliceTest {
    private static BertEncoder encoder;
    private static int[][] texts;

    @BeforeAll
    static void load() {
        TransformerModel minilm = TransformerModel.minilm();
        encoder = new BertEncoder(minilm.weights(), false, 0);
        try (TextTokenizer tokenizer = minilm.tokenizer()) {
            texts = new int[][]{tokenizer.sentence("A short one."),
                    tokenizer.sentence("A longer sentence, padded by the first one's missing tokens!")};
        }
    }

    @Test
    void theEditSeesEachTextsContentTokensAsAloneAndChangesTheOutput() {
        Hook hook = Hook.parse("attn.2").orElseThrow();
        INDArray[] seen = new INDArray[1];
        INDArray unedited = encoder.sentences(texts, hook, a -> {
            seen[0] = a.dup();
            return a;
        });
        assertArrayEquals(encoder.sentences(texts).data().asFloat(), unedited.data().asFloat(), 0f);

        int row = 0;
        for (int[] text : texts) {
            INDArray alone = encoder.activations(new int[][]{text}, 0, hook);
            INDArray content = alone.get(NDArrayIndex.interval(1, text.length - 1), NDArrayIndex.all());
            INDArray got = seen[0].get(NDArrayIndex.interval(row, row + text.length - 2), NDArrayIndex.all());
            assertTrue(content.equalsWithEps(got, 1e-4), "text of " + text.length + " tokens");
            row += text.length - 2;
        }
        assertEquals(row, seen[0].rows());

        INDArray zeroed = encoder.sentences(texts, hook, a -> a.mul(0));
        assertTrue(zeroed.sub(unedited).norm2Number().doubleValue() > 1e-2);
    }

    /**
     * A pass resumed from a {@link BertEncoder.Prefix} (the blocks after the hook only) equals one
     * unbroken pass through every block with the same edit, at each kind of hook; texts of one
     * length, so that the unmasked {@link BertEncoder#output} runs the same computation.
     */
    @Test
    void aPassResumedAfterTheHookEqualsOneUnbrokenPass() {
        int[] reversed = texts[1].clone();
        for (int i = 1, j = reversed.length - 2; i < j; i++, j--) {
            int swap = reversed[i];
            reversed[i] = reversed[j];
            reversed[j] = swap;
        }
        int[][] same = {texts[1], reversed};
        int length = texts[1].length;
        for (String spelling : new String[]{"embed", "attn.1", "mlp.2", "resid.3", "resid.5"}) {
            Hook hook = Hook.parse(spelling).orElseThrow();
            INDArray resumed = encoder.sentences(encoder.prefix(same, hook), a -> a.mul(0.5));
            INDArray hidden = encoder.output(same, 0, hook, a -> {
                INDArray edited = a.dup();
                for (int row = 0; row < a.rows(); row++) {
                    int position = row % length;
                    if (position > 0 && position < length - 1) {
                        edited.putRow(row, a.getRow(row).mul(0.5));
                    }
                }
                return edited;
            });
            INDArray unbroken = hidden.reshape(same.length, length, hidden.columns()).mean(1);
            assertTrue(unbroken.equalsWithEps(resumed, 1e-5), spelling + ": "
                    + unbroken.sub(resumed).amaxNumber());
            assertTrue(resumed.sub(encoder.sentences(same)).amaxNumber().doubleValue() > 1e-3,
                    spelling + ": the edit must change the output");
        }
    }

    @Test
    void anEditMustKeepTheShapeAndTheEmbeddingMatrixIsNoSplicePoint() {
        Hook hook = Hook.parse("embed").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> encoder.sentences(texts, hook, a -> a.getRow(0)));
        assertThrows(IllegalArgumentException.class, () -> encoder.sentences(texts,
                Hook.parse("token-embeddings").orElseThrow(), a -> a));
    }

    @Test
    void outputsAndKeptActivationsAreDetachedAndNoWorkspaceOutlivesThePass() {
        INDArray first = encoder.sentences(texts);
        INDArray[] kept = new INDArray[1];
        INDArray second = encoder.sentences(texts, Hook.parse("mlp.1").orElseThrow(), a -> {
            kept[0] = a;
            return a;
        });
        assertFalse(first.isAttached());
        assertFalse(kept[0].isAttached());
        assertFalse(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(BertEncoder.SCRATCH_ID));
        assertArrayEquals(first.data().asFloat(), second.data().asFloat(), 0f);

        Hook resid = Hook.parse("resid.4").orElseThrow();
        INDArray once = encoder.activations(new int[][]{texts[1]}, 0, resid);
        INDArray again = encoder.activations(new int[][]{texts[1]}, 0, resid);
        assertFalse(once.isAttached());
        assertArrayEquals(once.data().asFloat(), again.data().asFloat(), 0f);
    }
}
