package dev.superpose.data.source.transformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.superpose.data.source.Activations;
import dev.superpose.files.AtomicFiles;
import dev.superpose.report.NpzWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One extraction's files under {@code data/activations/}: {@code <hash>.npy} (float32
 * [rows, dim], written batch by batch at its final place), {@code <hash>.tokens.npy} (int32
 * [rows, 4]: token id, document, first character, one past the last) and {@code <hash>.json},
 * the sidecar: what was extracted (model, weights, hook, text, …), how many batches are
 * durable and which extraction run computed which ({@code runs}). A batch counts as done only
 * after its rows are forced to disk and the sidecar, rewritten atomically, says so; after a crash
 * (even {@code kill -9}) extraction resumes at the first batch not recorded.
 */
public final class ActivationCache {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String BATCHES_DONE = "batches_done";
    static final String COMPLETE = "complete";
    static final String RUNS = "runs";

    private final Path data;
    private final Path tokens;
    private final Path sidecar;

    public ActivationCache(Path directory, String hash) {
        this.data = directory.resolve(hash + ".npy");
        this.tokens = directory.resolve(hash + ".tokens.npy");
        this.sidecar = directory.resolve(hash + ".json");
    }

    public Path data() {
        return data;
    }

    public Path tokens() {
        return tokens;
    }

    public Path sidecar() {
        return sidecar;
    }

    /** The sidecar's content, if there is one. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> description() throws IOException {
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(sidecar.toFile(), LinkedHashMap.class));
    }

    /** Batches recorded as done (0 without a sidecar, or when the data file is missing). */
    public int batchesDone() throws IOException {
        Optional<Map<String, Object>> description = description();
        if (description.isEmpty() || !Files.isRegularFile(data)) {
            return 0;
        }
        return ((Number) description.get().getOrDefault(BATCHES_DONE, 0)).intValue();
    }

    /**
     * What each extraction run that recorded a batch did, in order: {@code first_batch} and the
     * {@code batches} it computed (a resumed run's first batch is the earlier runs' total).
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> runs() throws IOException {
        return description().map(d -> (List<Map<String, Object>>) d.getOrDefault(RUNS, List.of())).orElse(List.of());
    }

    public boolean complete() throws IOException {
        return Files.isRegularFile(data) && description().map(d -> Boolean.TRUE.equals(d.get(COMPLETE))).orElse(false);
    }

    /**
     * Starts an extraction: the data file at its full size (unwritten rows are zero), the token
     * table, the sidecar with no batch done.
     */
    public void create(Map<String, Object> description, int rows, int dim, TokenContexts contexts) throws IOException {
        Files.createDirectories(data.getParent());
        byte[] preamble = NpzWriter.npyPreamble("<f4", new int[]{rows, dim});
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(preamble));
            channel.truncate(preamble.length);
            channel.position(preamble.length + (long) rows * dim * Float.BYTES - 1);
            channel.write(ByteBuffer.wrap(new byte[1]));
        }
        AtomicFiles.write(tokens, out -> {
            out.write(NpzWriter.npyPreamble("<i4", new int[]{rows, 4}));
            ByteBuffer table = ByteBuffer.allocate(rows * 4 * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                table.putInt(contexts.ids()[r]).putInt(contexts.documents()[r]).putInt(contexts.starts()[r])
                        .putInt(contexts.ends()[r]);
            }
            out.write(table.array());
        });
        Map<String, Object> fresh = new LinkedHashMap<>(description);
        fresh.put(BATCHES_DONE, 0);
        fresh.put(COMPLETE, false);
        writeSidecar(fresh);
    }

    /**
     * Writes rows of {@code dim} values starting at row {@code firstRow}, forces them to disk, then
     * records {@code batchesDone} (and completion) in the sidecar, with this run's count of
     * computed batches and its throughput.
     *
     * @param firstBatch the batch this extraction run started at (the batches done before it)
     */
    public void append(long firstRow, int dim, float[] rows, int firstBatch, int batchesDone, boolean complete,
                       long tokensPerSecond) throws IOException {
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long offset = preambleLength(channel) + firstRow * dim * Float.BYTES;
            ByteBuffer bytes = ByteBuffer.allocate(rows.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(rows);
            while (bytes.hasRemaining()) {
                offset += channel.write(bytes, offset);
            }
            channel.force(false);
        }
        List<Map<String, Object>> runs = new ArrayList<>(runs());
        // this run's own entry, from its previous batch: no earlier run that recorded a batch started here
        if (!runs.isEmpty() && ((Number) runs.get(runs.size() - 1).get("first_batch")).intValue() == firstBatch) {
            runs.remove(runs.size() - 1);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("first_batch", firstBatch);
        run.put("batches", batchesDone - firstBatch);
        runs.add(run);
        Map<String, Object> description = new LinkedHashMap<>(description().orElseThrow());
        description.put(BATCHES_DONE, batchesDone);
        description.put(COMPLETE, complete);
        description.put("tokens_per_second", tokensPerSecond);
        description.put(RUNS, runs);
        writeSidecar(description);
    }

    /** The finished data, read through a memory mapping of the file. */
    public Activations read(int rows, int dim) throws IOException {
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
            long start = preambleLength(channel);
            long bytes = (long) rows * dim * Float.BYTES;
            if (channel.size() != start + bytes) {
                throw new IOException(data + " has " + channel.size() + " bytes, expected " + (start + bytes));
            }
            float[] values = new float[Math.multiplyExact(rows, dim)];
            // mapped in pieces: one mapping is limited to 2 GiB
            long chunk = 1L << 28;
            for (long done = 0; done < bytes; done += chunk) {
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, start + done, Math.min(chunk, bytes - done));
                map.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, (int) (done / Float.BYTES),
                        (int) (Math.min(chunk, bytes - done) / Float.BYTES));
            }
            return new Activations(rows, dim, values);
        }
    }

    private static long preambleLength(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(head, 0);
        return 10 + (head.getShort(8) & 0xFFFF);
    }

    private void writeSidecar(Map<String, Object> description) throws IOException {
        AtomicFiles.write(sidecar, JSON.writeValueAsBytes(description));
    }
}
