package dev.superpose.data.source.transformer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an ONNX model file a forward pass needs: float initializers (weights), the
 * nodes (operator, inputs, outputs) and small constants, read from the protobuf wire format
 * with protobuf-java's {@link CodedInputStream}. The field numbers are those of onnx.proto
 * (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; NodeProto.input = 1,
 * output = 2, op_type = 4, attribute = 5; AttributeProto.t = 5; TensorProto.dims = 1,
 * data_type = 2, float_data = 4, name = 8, raw_data = 9). Weights stored outside the file
 * (external data) are not supported.
 */
public final class OnnxGraph {
    private static final int FLOAT = 1;

    private final Map<String, FloatTensor> initializers;
    private final Map<String, FloatTensor> constants;
    private final List<Node> nodes;

    private OnnxGraph(Map<String, FloatTensor> initializers, Map<String, FloatTensor> constants, List<Node> nodes) {
        this.initializers = initializers;
        this.constants = constants;
        this.nodes = nodes;
    }

    /** A float32 tensor: its shape and values in C order. */
    public record FloatTensor(long[] dims, float[] values) {
    }

    /** One operator application. */
    public record Node(String opType, List<String> inputs, List<String> outputs) {
    }

    /** @throws IOException if the bytes are not a protobuf ONNX model */
    public static OnnxGraph parse(ByteBuffer bytes) throws IOException {
        CodedInputStream model = CodedInputStream.newInstance(bytes);
        model.setSizeLimit(Integer.MAX_VALUE);
        OnnxGraph graph = null;
        for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 7) {
                int limit = model.pushLimit(model.readRawVarint32());
                graph = readGraph(model);
                model.popLimit(limit);
            } else {
                model.skipField(tag);
            }
        }
        if (graph == null) {
            throw new IOException("no graph in the ONNX model");
        }
        return graph;
    }

    public Map<String, FloatTensor> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The value of a node output or initializer that is a constant float tensor. */
    public Optional<FloatTensor> constant(String name) {
        FloatTensor value = constants.get(name);
        return Optional.ofNullable(value != null ? value : initializers.get(name));
    }

    /** The nodes that read {@code value}. */
    public List<Node> consumers(String value) {
        return nodes.stream().filter(n -> n.inputs().contains(value)).toList();
    }

    /** The node that writes {@code value}, if a node does. */
    public Optional<Node> producer(String value) {
        return nodes.stream().filter(n -> n.outputs().contains(value)).findFirst();
    }

    private static OnnxGraph readGraph(CodedInputStream in) throws IOException {
        Map<String, FloatTensor> initializers = new HashMap<>();
        Map<String, FloatTensor> constants = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 || field == 5) {
                int limit = in.pushLimit(in.readRawVarint32());
                if (field == 1) {
                    NodeAndValue node = readNode(in);
                    nodes.add(node.node);
                    if (node.value != null && node.node.opType().equals("Constant")) {
                        constants.put(node.node.outputs().get(0), node.value.tensor);
                    }
                } else {
                    NamedTensor tensor = readTensor(in);
                    if (tensor.tensor != null) {
                        initializers.put(tensor.name, tensor.tensor);
                    }
                }
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return new OnnxGraph(Map.copyOf(initializers), Map.copyOf(constants), List.copyOf(nodes));
    }

    private record NodeAndValue(Node node, NamedTensor value) {
    }

    private static NodeAndValue readNode(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String opType = "";
        NamedTensor value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 4 -> opType = in.readString();
                case 5 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    NamedTensor attribute = readAttributeTensor(in);
                    if (attribute != null) {
                        value = attribute;
                    }
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return new NodeAndValue(new Node(opType, List.copyOf(inputs), List.copyOf(outputs)), value);
    }

    /** The float tensor held by an attribute named {@code value}, or null. */
    private static NamedTensor readAttributeTensor(CodedInputStream in) throws IOException {
        String name = "";
        NamedTensor tensor = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 5 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    tensor = readTensor(in);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return "value".equals(name) && tensor != null && tensor.tensor != null ? tensor : null;
    }

    /** A named tensor; {@code tensor} is null unless its type is float32. */
    private record NamedTensor(String name, FloatTensor tensor) {
    }

    private static NamedTensor readTensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case 2 -> dataType = in.readInt32();
                case 4 -> {
                    if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 8 -> name = in.readString();
                case 9 -> raw = in.readByteBuffer();
                case 13, 14 -> throw new IOException("a tensor keeps its data outside the file (external data), which is not"
                        + " supported");
                default -> in.skipField(tag);
            }
        }
        if (dataType != FLOAT) {
            return new NamedTensor(name, null);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (raw != null) {
            values = new float[raw.remaining() / Float.BYTES];
            raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IOException("a tensor's shape does not match its " + values.length + " values");
        }
        return new NamedTensor(name, new FloatTensor(shape, values));
    }
}
