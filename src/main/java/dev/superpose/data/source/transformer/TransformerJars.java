package dev.superpose.data.source.transformer;

import dev.superpose.config.BadInputException;
import dev.superpose.config.TransformerConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The jars a transformer source reads beyond the rest of superpose: all-MiniLM-L6-v2's (the ONNX
 * file and tokenizer.json), DJL's tokenizers and Lucene's test framework (Europarl), ~113 MB.
 * The default build leaves them out of {@code target/lib}, since every sweep that never touches
 * a transformer would carry them; the {@code transformer} profile copies them in. Maven's test
 * class path always has them.
 */
final class TransformerJars {
    static final String BUILD = "mvn -B -q -DskipTests -Ptransformer package";
    private static final String TOKENIZER_CLASS = "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class";
    private static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";

    private TransformerJars() {
    }

    /**
     * @throws BadInputException naming what {@code t} needs that is not on the class path, and the
     *                           build that brings it
     */
    static void require(TransformerConfig t) {
        List<String> missing = new ArrayList<>();
        if (!present(TOKENIZER_CLASS)) {
            missing.add("DJL's tokenizers");
        }
        if (t.model().equals(TransformerConfig.MINILM) && !present(MINILM_ONNX)) {
            missing.add("the " + TransformerConfig.MINILM + " model");
        }
        if (t.text().equals(TransformerConfig.EUROPARL) && !present(TextCorpus.EUROPARL_RESOURCE)) {
            missing.add("the Europarl text");
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("source.kind = transformer needs " + String.join(", ", missing)
                    + ", which this build left out of target/lib: build with " + BUILD);
        }
    }

    private static boolean present(String resource) {
        return TransformerJars.class.getClassLoader().getResource(resource) != null;
    }
}
