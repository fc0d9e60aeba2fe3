package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings a sweep may state: exactly those in the embedded defaults file, so the file
 * that documents them is also the one that defines them. {@code sweep.grid} is a free-form map
 * whose entries are checked by {@link GridReader}.
 */
final class KnownSettings {
    static final String GRID = "sweep.grid";
    private static final Set<String> GRIDDABLE_SECTIONS = Set.of("model", "data", "train", "sae", "source");

    private final Set<String> leaves = new LinkedHashSet<>();
    private final Map<String, Set<String>> sections = new LinkedHashMap<>();

    KnownSettings(Config defaults) {
        collect("", defaults.root());
    }

    private void collect(String prefix, ConfigObject object) {
        sections.put(prefix, object.keySet());
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String path = join(prefix, entry.getKey());
            if (entry.getValue() instanceof ConfigObject child && !path.equals(GRID)) {
                collect(path, child);
            } else {
                leaves.add(path);
            }
        }
    }

    /** Rejects any key of {@code config} that is not a known setting, suggesting the nearest. */
    void checkKeys(Config config) {
        check("", config.root());
    }

    private void check(String prefix, ConfigObject object) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String path = join(prefix, entry.getKey());
            if (sections.containsKey(path)) {
                if (!(entry.getValue() instanceof ConfigObject child)) {
                    throw new SettingException(path, "an object with settings " + String.join(", ",
                            new TreeSet<>(sections.get(path))), Settings.render(entry.getValue()));
                }
                check(path, child);
            } else if (!leaves.contains(path)) {
                throw new SettingException(path, "unknown setting" + didYouMean(path, allPaths()));
            }
        }
    }

    /** The keys of the section at {@code path} ("" for the top level). */
    Set<String> keysOf(String path) {
        return sections.get(path);
    }

    /** Whether {@code path} names a setting a grid may sweep: a leaf under model, data, train, sae or source. */
    boolean isGriddable(String path) {
        return leaves.contains(path) && GRIDDABLE_SECTIONS.contains(path.substring(0, path.indexOf('.')))
                && !RunPolicy.PATHS.contains(path);
    }

    /** Every setting a grid may sweep, i.e. every model, data, train, sae and source setting but the run policy. */
    List<String> griddable() {
        return leaves.stream().filter(this::isGriddable).toList();
    }

    /** "; did you mean X?" for the nearest griddable setting, or "" when none is close. */
    String didYouMeanGriddable(String path) {
        return didYouMean(path, griddable());
    }

    private Collection<String> allPaths() {
        Set<String> all = new LinkedHashSet<>(sections.keySet());
        all.remove("");
        all.addAll(leaves);
        return all;
    }

    /**
     * The nearest candidate if it is a likely typo (a few edits, fewer than half the
     * characters), else one with the same last key in another section (seeds at the top level
     * for sweep.seeds); "" when neither exists.
     */
    private static String didYouMean(String path, Collection<String> candidates) {
        Optional<String> typo = candidates.stream()
                .min(Comparator.comparingInt(candidate -> EditDistance.between(path, candidate)))
                .filter(nearest -> {
                    int distance = EditDistance.between(path, nearest);
                    return distance <= 3 && distance * 2 < path.length();
                });
        Optional<String> misplaced = candidates.stream().filter(c -> lastKey(c).equals(lastKey(path))).findFirst();
        return typo.or(() -> misplaced).map(nearest -> "; did you mean " + nearest + "?").orElse("");
    }

    private static String lastKey(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String join(String prefix, String key) {
        String quoted = ConfigUtil.joinPath(key);
        return prefix.isEmpty() ? quoted : prefix + "." + quoted;
    }
}
