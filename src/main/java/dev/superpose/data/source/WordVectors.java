package dev.superpose.data.source;

import java.util.List;

/** Word embeddings: {@code words.get(r)} is the word of row r of {@code vectors}. */
public record WordVectors(List<String> words, Activations vectors) {
    public WordVectors {
        words = List.copyOf(words);
        if (words.size() != vectors.rows()) {
            throw new IllegalArgumentException(words.size() + " words for " + vectors.rows() + " vectors");
        }
    }
}
