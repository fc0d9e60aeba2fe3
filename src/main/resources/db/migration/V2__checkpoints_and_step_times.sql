-- superpose schema v2: checkpoints of unfinished stacks (resume mid-stack) and the time each
-- loss point was recorded (throughput and ETA for `superpose status`).

-- One row per checkpoint file a trainer wrote; the file is written (and synced) before its row,
-- so a row always names a complete file. checksum is the file's digest in lowercase hex.
CREATE TABLE checkpoints (
    sweep_id   BIGINT                   NOT NULL,
    stack_id   VARCHAR(100)             NOT NULL,
    step       BIGINT                   NOT NULL CHECK (step >= 0),
    path       VARCHAR(4000)            NOT NULL,
    checksum   VARCHAR(128)             NOT NULL,
    bytes      BIGINT                   NOT NULL CHECK (bytes >= 0),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sweep_id, stack_id, step),
    FOREIGN KEY (sweep_id, stack_id) REFERENCES stacks (sweep_id, stack_id) ON DELETE CASCADE
);

-- Rows written before v2 get the epoch rather than the migration's time: they were recorded at
-- some unknown earlier time and must not count as recent progress.
ALTER TABLE step_metrics ADD COLUMN recorded_at TIMESTAMP WITH TIME ZONE
    DEFAULT TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' NOT NULL;
ALTER TABLE step_metrics ALTER COLUMN recorded_at SET DEFAULT CURRENT_TIMESTAMP;

CREATE INDEX step_metrics_by_time ON step_metrics (sweep_id, recorded_at);
