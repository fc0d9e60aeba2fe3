-- superpose schema v4: loss points packed, one row per trial and write instead of one per point.
--
-- A row per point cost ~1.3 KB of file while a sweep ran (~45x its 41 bytes): the row, its
-- three-column primary key index and the recorded_at index were each a B-tree entry, and every
-- write rewrote the pages of all three. A row now holds every point of one trial written in one
-- transaction (they share recorded_at): their steps and losses as arrays, in step order, with
-- the first and last step beside them for the status queries. The key is a counter (the row's
-- own key in H2, no extra index); the foreign key's index on (sweep_id, trial_id) serves reads.
--
-- A step logged again after a resume goes into a newer row; readers take the newest row's value
-- (highest id), as MERGE on (sweep_id, trial_id, step) used to replace it.
CREATE TABLE loss_points (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id    BIGINT                       NOT NULL,
    trial_id    VARCHAR(100)                 NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE     NOT NULL,
    first_step  BIGINT                       NOT NULL CHECK (first_step >= 0),
    last_step   BIGINT                       NOT NULL CHECK (last_step >= first_step),
    steps       BIGINT ARRAY                 NOT NULL,
    losses      DOUBLE PRECISION ARRAY       NOT NULL CHECK (CARDINALITY(losses) = CARDINALITY(steps)),
    FOREIGN KEY (sweep_id, trial_id) REFERENCES trials (sweep_id, trial_id) ON DELETE CASCADE
);

-- Existing points keep their values and times: those of one trial and one write become one row.
INSERT INTO loss_points (sweep_id, trial_id, recorded_at, first_step, last_step, steps, losses)
SELECT sweep_id, trial_id, recorded_at, MIN(step), MAX(step), ARRAY_AGG(step ORDER BY step),
       ARRAY_AGG(loss ORDER BY step)
FROM step_metrics
GROUP BY sweep_id, trial_id, recorded_at
ORDER BY sweep_id, trial_id, recorded_at;

DROP TABLE step_metrics;
