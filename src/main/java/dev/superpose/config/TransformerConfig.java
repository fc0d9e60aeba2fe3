package dev.superpose.config;

/**
 * {@code source.*} settings of a transformer source.
 *
 * @param model         "all-minilm-l6-v2" (built in) or an ONNX file of a BERT-family encoder
 * @param tokenizer     its tokenizer.json; null: tokenizer.json beside the ONNX file
 * @param weights       trained, or one of the random / noise controls
 * @param hook          embed, attn.K, mlp.K, resid.K or token-embeddings
 * @param text          "europarl" (built in) or a .txt (one document per line) / .jsonl (a "text" field per line) file
 * @param contextLength tokens per context, [CLS] and [SEP] included
 * @param tokens        activation rows to extract (content tokens; [CLS] and [SEP] are not recorded)
 */
public record TransformerConfig(String model, String tokenizer, TransformerWeights weights, String hook, String text,
                                int contextLength, int tokens) {
    public static final String MINILM = "all-minilm-l6-v2";
    public static final String EUROPARL = "europarl";
}
