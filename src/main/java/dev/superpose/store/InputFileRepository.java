package dev.superpose.store;

import dev.superpose.files.FileDigest;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the {@code sweep_inputs} table: the data files a sweep reads, with the size and
 * SHA-256 they had when the sweep first read them. Paths are stored as {@link Database#storedPath}
 * says and read back absolute.
 */
public final class InputFileRepository {
    private final Database db;

    public InputFileRepository(Database db) {
        this.db = db;
    }

    /** Records each file's digest, replacing what was recorded for the same file; in one transaction. */
    public void record(long sweepId, Map<Path, FileDigest> files) {
        db.transact(c -> {
            try (PreparedStatement merge = c.prepareStatement(
                    "MERGE INTO sweep_inputs (sweep_id, path, bytes, sha256) KEY (sweep_id, path) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<Path, FileDigest> file : files.entrySet()) {
                    merge.setLong(1, sweepId);
                    merge.setString(2, db.storedPath(file.getKey()));
                    merge.setLong(3, file.getValue().bytes());
                    merge.setString(4, file.getValue().sha256());
                    merge.addBatch();
                }
                merge.executeBatch();
            }
            return null;
        });
    }

    /** The files recorded for sweep {@code sweepId} (absolute paths), in path order. */
    public Map<Path, FileDigest> list(long sweepId) {
        return db.transact(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT path, bytes, sha256 FROM sweep_inputs WHERE sweep_id = ? ORDER BY path")) {
                query.setLong(1, sweepId);
                Map<Path, FileDigest> files = new LinkedHashMap<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        files.put(db.resolveStored(row.getString("path")),
                                new FileDigest(row.getLong("bytes"), row.getString("sha256")));
                    }
                }
                return files;
            }
        });
    }
}
