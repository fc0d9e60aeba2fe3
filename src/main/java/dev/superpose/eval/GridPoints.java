package dev.superpose.eval;

import dev.superpose.config.TrialSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Picks what per-grid-point figures show: one trial per grid point. */
final class GridPoints {
    private GridPoints() {
    }

    /** The lowest-seed trial of each grid point, in grid order, at most {@code max}. */
    static <T> List<T> lowestSeedPerPoint(List<T> trials, Function<T, TrialSpec> spec, int max) {
        Map<Map<String, Object>, T> first = new LinkedHashMap<>();
        for (T t : trials) {
            first.merge(spec.apply(t).gridPoint(), t, (a, b) -> spec.apply(a).seed() <= spec.apply(b).seed() ? a : b);
        }
        return first.values().stream().limit(max).toList();
    }
}
