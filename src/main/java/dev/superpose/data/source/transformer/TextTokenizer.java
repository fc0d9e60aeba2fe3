package dev.superpose.data.source.transformer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (WordPiece for BERT), run by DJL's binding of the Rust
 * tokenizers library. Neither truncation nor padding from the file applies: contexts are cut
 * and packed by the caller.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int cls;
    private final int sep;

    /** A text's tokens without special tokens: ids and character spans [start, end) in the text. */
    public record Tokens(int[] ids, int[] starts, int[] ends) {
        public int size() {
            return ids.length;
        }
    }

    /** @throws IOException if the bytes are not a tokenizer.json the library reads */
    public TextTokenizer(byte[] tokenizerJson) throws IOException {
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
        } catch (RuntimeException e) {
            // the library's message quotes the file; the cause keeps it for a debugger, the message does not
            throw new IOException("not a tokenizer.json the Hugging Face tokenizers library reads", e);
        }
        long[] special = tokenizer.encode("", true, false).getIds();
        if (special.length != 2) {
            throw new IOException("the tokenizer does not wrap a text in two special tokens ([CLS] … [SEP]) as BERT's does");
        }
        cls = (int) special[0];
        sep = (int) special[1];
    }

    public Tokens tokens(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int[] out = new int[ids.length];
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
            // a token the normaliser produced from nothing has no span: it points at its neighbour's
            starts[i] = spans[i] == null ? (i > 0 ? ends[i - 1] : 0) : spans[i].getStart();
            ends[i] = spans[i] == null ? starts[i] : spans[i].getEnd();
        }
        return new Tokens(out, starts, ends);
    }

    /** [CLS] text [SEP], as the model sees one sentence. */
    public int[] sentence(String text) {
        int[] ids = tokens(text).ids();
        int[] wrapped = new int[ids.length + 2];
        wrapped[0] = cls;
        System.arraycopy(ids, 0, wrapped, 1, ids.length);
        wrapped[ids.length + 1] = sep;
        return wrapped;
    }

    public int cls() {
        return cls;
    }

    public int sep() {
        return sep;
    }

    /** The vocabulary entry of {@code id}. */
    public String token(int id) {
        return tokenizer.decode(new long[]{id}, false);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
