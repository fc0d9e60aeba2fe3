package dev.superpose.data.source.transformer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hook's activations against ONNX Runtime's values of the same graph nodes: the MiniLM
 * graph is given extra outputs (the node outputs the Hugging Face export names after the
 * modules), and both run the same packed batch.
 */
class OnnxRuntimeIntermediatesTest {
    private static final int CONTEXTS = 2;
    private static final int LENGTH = 40;

    @Test
    void everyHookAgreesWithOnnxRuntimeWithin1e4() throws Exception {
        TransformerModel model = TransformerModel.minilm();
        Map<String, Hook> outputs = new LinkedHashMap<>();
        outputs.put("/embeddings/LayerNorm/Add_1_output_0", Hook.parse("embed").orElseThrow());
        for (int layer = 0; layer < model.weights().layers(); layer++) {
            outputs.put("/encoder/layer." + layer + "/attention/output/dense/Add_output_0", Hook.parse("attn." + layer).orElseThrow());
            outputs.put("/encoder/layer." + layer + "/output/dense/Add_output_0", Hook.parse("mlp." + layer).orElseThrow());
            outputs.put(layer == model.weights().layers() - 1 ? "last_hidden_state"
                    : "/encoder/layer." + layer + "/output/LayerNorm/Add_1_output_0", Hook.parse("resid." + layer).orElseThrow());
        }
        TokenContexts contexts;
        try (TextTokenizer tokenizer = model.tokenizer()) {
            contexts = TokenContexts.pack(TextCorpus.open("europarl", Path.of(".")), tokenizer, LENGTH,
                    CONTEXTS * (LENGTH - 2));
        }
        int[][] ids = contexts.input(0, CONTEXTS);
        BertEncoder encoder = new BertEncoder(model.weights(), false, 0);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] graph = withOutputs(resource("all-minilm-l6-v2.onnx"), outputs.keySet().stream()
                .filter(name -> !name.equals("last_hidden_state")).toList());
        long[] flat = new long[CONTEXTS * LENGTH];
        for (int c = 0; c < CONTEXTS; c++) {
            for (int t = 0; t < LENGTH; t++) {
                flat[c * LENGTH + t] = ids[c][t];
            }
        }
        long[] shape = {CONTEXTS, LENGTH};
        long[] ones = new long[flat.length];
        Arrays.fill(ones, 1);
        int compared = 0;
        double worst = 0;
        String worstHook = "";
        try (OrtSession session = env.createSession(graph);
             OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[flat.length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", input, "attention_mask", mask,
                     "token_type_ids", types), outputs.keySet())) {
            for (Map.Entry<String, Hook> output : outputs.entrySet()) {
                float[][][] expected = (float[][][]) result.get(output.getKey()).orElseThrow().getValue();
                INDArray actual = encoder.activations(ids, 0, output.getValue());
                for (int c = 0; c < CONTEXTS; c++) {
                    for (int t = 0; t < LENGTH; t++) {
                        for (int j = 0; j < model.weights().dim(); j++) {
                            double difference = Math.abs(expected[c][t][j] - actual.getFloat(c * LENGTH + t, j));
                            if (difference > worst) {
                                worst = difference;
                                worstHook = output.getValue().id();
                            }
                        }
                    }
                }
                compared++;
            }
        }
        assertEquals(1 + 3 * model.weights().layers(), compared);
        assertTrue(worst < 1e-4, "largest difference " + worst + " at " + worstHook);
    }

    @Test
    void aFullContextOfEveryPositionAgreesWithOnnxRuntimeWithin1e4() throws Exception {
        TransformerModel model = TransformerModel.minilm();
        int length = model.weights().positions();
        int[][] ids;
        try (TextTokenizer tokenizer = model.tokenizer()) {
            ids = TokenContexts.pack(TextCorpus.open("europarl", Path.of(".")), tokenizer, length, length - 2).input(0, 1);
        }
        INDArray actual = new BertEncoder(model.weights(), false, 0).output(ids, 0);
        long[] flat = Arrays.stream(ids[0]).asLongStream().toArray();
        long[] ones = new long[length];
        Arrays.fill(ones, 1);
        long[] shape = {1, length};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double worst = 0;
        try (OrtSession session = env.createSession(resource("all-minilm-l6-v2.onnx"));
             OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", input, "attention_mask", mask,
                     "token_type_ids", types))) {
            float[][] expected = ((float[][][]) result.get(0).getValue())[0];
            for (int t = 0; t < length; t++) {
                for (int j = 0; j < model.weights().dim(); j++) {
                    worst = Math.max(worst, Math.abs(expected[t][j] - actual.getFloat(t, j)));
                }
            }
        }
        assertEquals(512, length);
        assertTrue(worst < 1e-4, "largest difference " + worst);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OnnxRuntimeIntermediatesTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /**
     * The model with {@code names} added as float graph outputs (GraphProto.output = 12: a
     * ValueInfoProto with name = 1 and type = 2 → TypeProto.tensor_type = 1 → elem_type = 1).
     */
    private static byte[] withOutputs(byte[] model, List<String> names) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.length + 4096);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 7) {
                ByteString graph = in.readBytes();
                List<ByteString> extra = new ArrayList<>();
                for (String name : names) {
                    extra.add(floatOutput(name));
                }
                ByteString.Output grown = ByteString.newOutput();
                graph.writeTo(grown);
                CodedOutputStream g = CodedOutputStream.newInstance(grown);
                for (ByteString output : extra) {
                    g.writeBytes(12, output);
                }
                g.flush();
                out.writeBytes(7, grown.toByteString());
            } else {
                copyField(in, tag, out);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Copies the field just read as it is; protobuf deprecates this form of skipField without a replacement that copies. */
    @SuppressWarnings("deprecation")
    private static void copyField(CodedInputStream in, int tag, CodedOutputStream out) throws IOException {
        in.skipField(tag, out);
    }

    /** ValueInfoProto {name = 1, type = 2: TypeProto {tensor_type = 1: {elem_type = 1 (FLOAT)}}}. */
    private static ByteString floatOutput(String name) throws IOException {
        ByteString tensorType = build(out -> out.writeInt32(1, 1));
        ByteString type = build(out -> out.writeBytes(1, tensorType));
        return build(out -> {
            out.writeString(1, name);
            out.writeBytes(2, type);
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString build(Fields fields) throws IOException {
        ByteString.Output buffer = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        fields.write(out);
        out.flush();
        return buffer.toByteString();
    }
}
