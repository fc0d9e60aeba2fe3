package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity of a sweep: its resolved config as canonical JSON. Equal settings render
 * equally however they were written (key order, {@code 1e-3} vs {@code 0.001}, quoted vs
 * nested grid entries, a sequence vs the list it expands to). The grid is rendered as a list
 * of single-entry objects, in expansion order, because that order decides which trial id
 * means which grid point. The {@link RunPolicy} settings are left out.
 */
final class CanonicalConfig {
    private static final List<String> SECTIONS = List.of("sweep", "model", "data", "train");

    private CanonicalConfig() {
    }

    static String render(Config resolved, List<GridAxis> axes) {
        Map<String, Object> tree = new HashMap<>();
        // The run policy does not change results: a sweep resumed with another stays the same sweep.
        Config identity = resolved;
        for (String path : RunPolicy.PATHS) {
            identity = identity.withoutPath(path);
        }
        for (String section : SECTIONS) {
            tree.put(section, identity.getObject(section).unwrapped());
        }
        Map<String, Object> sweep = new HashMap<>(identity.getObject("sweep").unwrapped());
        sweep.put("grid", axes.stream()
                .map(axis -> Map.of(axis.path(), axis.values().stream().map(ConfigValue::unwrapped).toList()))
                .toList());
        tree.put("sweep", sweep);
        return CanonicalJson.render(tree);
    }
}
