package dev.superpose.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial of a sweep: one grid point and one seed.
 *
 * @param trialId   {@code t} + the zero-padded index, e.g. {@code t0007}; stable for a given config
 * @param index     position in the expansion order (grid points, last grid entry fastest, then seeds)
 * @param seed      the trial's seed, also in {@code config.seed()}
 * @param gridPoint grid path -> value, in the grid's order, as the user wrote them (numbers as
 *                  Integer/Long/Double, enum ids as String); empty for a sweep without grid
 * @param config    the trial's fully resolved and validated settings
 */
public record TrialSpec(String trialId, int index, long seed, Map<String, Object> gridPoint, TrialConfig config) {
    public TrialSpec {
        gridPoint = Collections.unmodifiableMap(new LinkedHashMap<>(gridPoint));
    }
}
