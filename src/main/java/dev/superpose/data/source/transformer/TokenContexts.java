package dev.superpose.data.source.transformer;

import dev.superpose.config.BadInputException;

import java.util.Arrays;

/**
 * Text packed into contexts as the transformer reads it: documents' tokens end to end, cut
 * into pieces of {@code length - 2}, each wrapped as {@code [CLS] piece [SEP]}. Only the pieces'
 * tokens are recorded (their activations are the data); row r of the data is content token r.
 *
 * @param ids       content token ids, {@code contexts · (length - 2)} of them
 * @param documents the document each content token comes from
 * @param starts    its first character in that document
 * @param ends      one past its last character
 */
public record TokenContexts(int length, int cls, int sep, int[] ids, int[] documents, int[] starts, int[] ends) {

    public int perContext() {
        return length - 2;
    }

    public int contexts() {
        return ids.length / perContext();
    }

    /** Contexts {@code first .. first + count - 1} as model input. */
    public int[][] input(int first, int count) {
        int[][] input = new int[count][length];
        for (int c = 0; c < count; c++) {
            input[c][0] = cls;
            System.arraycopy(ids, (first + c) * perContext(), input[c], 1, perContext());
            input[c][length - 1] = sep;
        }
        return input;
    }

    /**
     * Tokenises documents until {@code tokens} content tokens fill whole contexts.
     *
     * @throws BadInputException if the text runs out first
     */
    public static TokenContexts pack(TextCorpus text, TextTokenizer tokenizer, int length, int tokens) {
        int perContext = length - 2;
        int contexts = (int) Math.ceil(tokens / (double) perContext);
        int needed = Math.multiplyExact(contexts, perContext);
        int[] ids = new int[needed];
        int[] documents = new int[needed];
        int[] starts = new int[needed];
        int[] ends = new int[needed];
        int[] filled = {0};
        text.documents((index, document) -> {
            TextTokenizer.Tokens t = tokenizer.tokens(document);
            int take = Math.min(t.size(), needed - filled[0]);
            System.arraycopy(t.ids(), 0, ids, filled[0], take);
            System.arraycopy(t.starts(), 0, starts, filled[0], take);
            System.arraycopy(t.ends(), 0, ends, filled[0], take);
            Arrays.fill(documents, filled[0], filled[0] + take, index);
            filled[0] += take;
            return filled[0] < needed;
        });
        if (filled[0] < needed) {
            throw new BadInputException("source.text = \"" + text.label() + "\" has " + filled[0] + " tokens; source.tokens = "
                    + tokens + " in contexts of source.context-length = " + length + " need " + needed);
        }
        return new TokenContexts(length, tokenizer.cls(), tokenizer.sep(), ids, documents, starts, ends);
    }
}
