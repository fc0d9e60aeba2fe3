-- superpose schema v3: what a sweep's results depend on beyond its config.

-- A sweep's own identity, also written to models/<sweep>/sweep-id: a database that does not match
-- the weights beside it (deleted, replaced, copied from another home) is noticed.
ALTER TABLE sweeps ADD COLUMN uid VARCHAR(36) DEFAULT CAST(RANDOM_UUID() AS VARCHAR(36)) NOT NULL;

-- The data files a sweep reads (.npy, GloVe, safetensors, text, ONNX, a TMS trial's weights), with
-- their size and SHA-256 when the sweep first read them: a file swapped before a resume is refused.
-- path is relative to the home when the file is inside it, absolute otherwise.
CREATE TABLE sweep_inputs (
    sweep_id BIGINT        NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    path     VARCHAR(4000) NOT NULL,
    bytes    BIGINT        NOT NULL CHECK (bytes >= 0),
    sha256   VARCHAR(64)   NOT NULL,
    PRIMARY KEY (sweep_id, path)
);
