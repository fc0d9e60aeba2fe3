package dev.superpose.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's size and SHA-256 (lowercase hex): what says "the same file" for the data a sweep reads.
 * The file is streamed through the digest, so a file of many GB costs its read time, not its size
 * in memory.
 */
public record FileDigest(long bytes, String sha256) {
    private static final int BUFFER_BYTES = 1 << 20;

    public static FileDigest of(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        long bytes = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        return new FileDigest(bytes, HexFormat.of().formatHex(sha256.digest()));
    }
}
