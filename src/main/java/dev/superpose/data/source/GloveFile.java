package dev.superpose.data.source;

import dev.superpose.config.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads word vectors in GloVe's text format: per line a word, then its d numbers, separated by
 * spaces (or tabs). d is set by the first line. A malformed line is rejected naming the file and
 * the line. GloVe files list words by corpus frequency, so the first n lines are the n most
 * frequent words.
 */
public final class GloveFile {
    private GloveFile() {
    }

    /** Every line of {@code file}. */
    public static WordVectors read(Path file) throws IOException {
        return read(file, Integer.MAX_VALUE);
    }

    /** The first {@code maxWords} lines of {@code file} (all of them if it has fewer). */
    public static WordVectors read(Path file, int maxWords) throws IOException {
        if (maxWords < 1) {
            throw new IllegalArgumentException("need at least 1 word from " + file + ", asked for " + maxWords);
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such GloVe file");
        }
        List<String> words = new ArrayList<>();
        float[] values = new float[0];
        int dim = 0;
        // InputStreamReader replaces malformed UTF-8 rather than failing: a stray byte in a word
        // must not reject a file whose numbers are fine.
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while (words.size() < maxWords && (line = reader.readLine()) != null) {
                lineNumber++;
                String where = file + " line " + lineNumber;
                List<String> tokens = tokens(line);
                if (tokens.isEmpty()) {
                    throw new BadInputException(where + " is empty; expected a word followed by its numbers");
                }
                String word = tokens.get(0);
                int numbers = tokens.size() - 1;
                if (lineNumber == 1) {
                    if (numbers == 0) {
                        throw new BadInputException(where + ": the line's first word has no numbers after it");
                    }
                    if (numbers == 1 && isInteger(word) && isInteger(tokens.get(1))) {
                        throw new BadInputException(where + " looks like a word2vec header (word count, dimension);"
                                + " GloVe text has none: remove that line");
                    }
                    dim = numbers;
                } else if (numbers != dim) {
                    throw new BadInputException(where + ": " + numbers + " numbers after the word; expected " + dim
                            + " (as on line 1)");
                }
                int row = words.size();
                if ((long) (row + 1) * dim > Integer.MAX_VALUE - 8) {
                    throw new BadInputException(where + ": too many values for one array; read fewer words");
                }
                if (values.length < (row + 1) * dim) {
                    values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8L,
                            Math.max(1024L * dim, 2L * values.length)));
                }
                for (int c = 0; c < dim; c++) {
                    values[row * dim + c] = number(tokens.get(c + 1), where, c);
                }
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            throw new BadInputException(file + ": empty file; expected GloVe text (a word and its numbers per line)");
        }
        return new WordVectors(words, new Activations(words.size(), dim, Arrays.copyOf(values, words.size() * dim)));
    }

    /** The line split at runs of spaces and tabs (trailing whitespace and a CR are not tokens). */
    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int k = 0; k <= line.length(); k++) {
            boolean separator = k == line.length() || Character.isWhitespace(line.charAt(k));
            if (separator && start >= 0) {
                tokens.add(line.substring(start, k));
                start = -1;
            } else if (!separator && start < 0) {
                start = k;
            }
        }
        return tokens;
    }

    /** Messages name the line and column, never the file's text: source.path may name any file. */
    private static float number(String token, String where, int column) {
        float value;
        try {
            value = Float.parseFloat(token);
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": number " + (column + 1) + " after the word is not a number");
        }
        if (!Float.isFinite(value)) {
            throw new BadInputException(where + ": number " + (column + 1) + " after the word is "
                    + (Float.isNaN(value) ? "NaN" : "infinite in float32") + "; expected a finite number");
        }
        return value;
    }

    private static boolean isInteger(String token) {
        return token.chars().allMatch(Character::isDigit);
    }
}
