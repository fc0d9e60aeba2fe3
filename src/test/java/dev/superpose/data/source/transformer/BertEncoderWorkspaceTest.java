package dev.superpose.data.source.transformer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link BertEncoder}'s per-block workspace: what a pass returns or an edit keeps outlives it, a
 * reused workspace changes no value, and no workspace is left holding memory after the pass.
 */
class BertEncoderWorkspaceTest {
    private static BertEncoder encoder;
    private static int[][] texts;

    @BeforeAll
    static void load() {
        TransformerModel minilm = TransformerModel.minilm();
        encoder = new BertEncoder(minilm.weights(), false, 0);
        try (TextTokenizer tokenizer = minilm.tokenizer()) {
            texts = new int[][]{tokenizer.sentence("Workspaces are reused from block to block."),
                    tokenizer.sentence("Short.")};
        }
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

        INDArray resid = encoder.activations(new int[][]{texts[0]}, 0, Hook.parse("resid.4").orElseThrow());
        INDArray again = encoder.activations(new int[][]{texts[0]}, 0, Hook.parse("resid.4").orElseThrow());
        assertFalse(resid.isAttached());
        assertArrayEquals(resid.data().asFloat(), again.data().asFloat(), 0f);
    }
}
