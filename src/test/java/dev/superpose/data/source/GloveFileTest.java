package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GloveFileTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("glove.txt");
        Files.writeString(file, content);
        return file;
    }

    private String rejection(String content) throws IOException {
        Path file = file(content);
        String message = assertThrows(BadInputException.class, () -> GloveFile.read(file)).getMessage();
        return message.substring(file.toString().length());
    }

    @Test
    void readsWordsAndVectors() throws IOException {
        WordVectors v = GloveFile.read(file("the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\n"
                + "caf\u00e9 1e-3 -2 3.5\n"));
        assertEquals(List.of("the", ",", "caf\u00e9"), v.words());
        assertEquals(3, v.vectors().dim());
        assertArrayEquals(new float[]{0.418f, 0.24968f, -0.41242f, 0.013441f, 0.23682f, -0.16899f, 1e-3f, -2, 3.5f},
                v.vectors().values());
    }

    @Test
    void readsOnlyTheFirstWordsWhenAskedAndToleratesCrLfAndTrailingSpaces() throws IOException {
        WordVectors v = GloveFile.read(file("a 1 2 \r\nb 3 4\r\nc 5 oops\n"), 2);
        assertEquals(List.of("a", "b"), v.words());
        assertArrayEquals(new float[]{1, 2, 3, 4}, v.vectors().values());
    }

    @Test
    void growsPastItsFirstAllocation() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 3000; w++) {
            text.append("w").append(w).append(' ').append(w).append(' ').append(-w).append('\n');
        }
        WordVectors v = GloveFile.read(file(text.toString()));
        assertEquals(3000, v.vectors().rows());
        assertEquals(2999, v.vectors().get(2999, 0));
        assertEquals(-2999, v.vectors().get(2999, 1));
    }

    /** source.path may name any file: a message names the line, not the file's text. */
    @Test
    void messagesDoNotRepeatTheFilesText() throws IOException {
        String message = rejection("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n");
        assertEquals(" line 1: the line's first word has no numbers after it", message);
        assertEquals(" line 1: number 1 after the word is not a number", rejection("user hunter2\n"));
    }

    @Test
    void rejectsMalformedLinesNamingTheLine() throws IOException {
        assertEquals(" line 2: 1 numbers after the word; expected 2 (as on line 1)", rejection("a 1 2\nb 3\n"));
        assertEquals(" line 3: 3 numbers after the word; expected 2 (as on line 1)",
                rejection("a 1 2\nb 3 4\nc 5 6 7\n"));
        assertEquals(" line 2: number 2 after the word is not a number", rejection("a 1 2\nb 3 4,5\n"));
        assertEquals(" line 1: number 1 after the word is NaN; expected a finite number", rejection("a NaN 2\n"));
        assertEquals(" line 1: number 2 after the word is infinite in float32; expected a finite number",
                rejection("a 1 1e39\n"));
        assertEquals(" line 1: the line's first word has no numbers after it", rejection("lonely\n"));
        assertEquals(" line 2 is empty; expected a word followed by its numbers", rejection("a 1 2\n\nb 3 4\n"));
        assertEquals(" line 1 looks like a word2vec header (word count, dimension); GloVe text has none: remove that"
                + " line", rejection("400000 300\nthe 1 2\n"));
        assertEquals(": empty file; expected GloVe text (a word and its numbers per line)", rejection(""));
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = dir.resolve("nope.txt");
        BadInputException e = assertThrows(BadInputException.class, () -> GloveFile.read(missing));
        assertEquals(missing + ": no such GloVe file", e.getMessage());
    }
}
