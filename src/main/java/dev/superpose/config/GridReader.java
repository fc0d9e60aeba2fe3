package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code sweep.grid} into axes in the order the user wrote them. Entries may be quoted
 * paths ({@code "data.feature-probability" = [...]}) or nested ({@code data { feature-probability
 * = [...] }}); both name the same axis.
 *
 * <p>Typesafe Config keeps object keys in a hash map and origins carry no column, so the
 * written order is recovered from the layers: keys in the order of their source lines in the
 * sweep file (keys sharing a line by where the key's text first occurs in it), then keys that
 * only overrides add, in the order of the overrides. An override that replaces an axis's
 * values does not move the axis.
 */
final class GridReader {
    private GridReader() {
    }

    /**
     * @param merged the resolved config of all layers
     * @param layers the unresolved sweep file and overrides, lowest precedence first
     */
    static List<GridAxis> read(Config merged, List<Layer> layers, KnownSettings known) {
        ConfigValue grid = merged.hasPath(KnownSettings.GRID) ? merged.getValue(KnownSettings.GRID) : null;
        if (grid == null) {
            return List.of();
        }
        if (!(grid instanceof ConfigObject gridObject)) {
            throw new SettingException(KnownSettings.GRID, "an object mapping model/data/train/sae/source settings to lists of values",
                    Settings.render(grid));
        }
        Map<String, ConfigValue> entries = entries(gridObject, List.of());
        List<GridAxis> axes = new ArrayList<>();
        for (String path : writtenOrder(entries.keySet(), layers)) {
            ConfigValue value = entries.get(path);
            if (value.valueType() == ConfigValueType.NULL) {
                continue; // set to null by an override: the axis is removed
            }
            String location = location(path);
            if (!known.isGriddable(path)) {
                throw new SettingException(location, "not a model, data, train, sae or source setting" + known.didYouMeanGriddable(path));
            }
            List<ConfigValue> values = NumericSequence.values(location, value);
            if (values.isEmpty()) {
                throw new SettingException(location, "a non-empty list of values", Settings.render(value));
            }
            axes.add(new GridAxis(path, values));
        }
        return axes;
    }

    /** Where the values of the grid axis {@code path} are written, e.g. {@code sweep.grid."model.hidden"}. */
    static String location(String path) {
        return KnownSettings.GRID + "." + ConfigUtil.joinPath(path);
    }

    /** The axis paths {@code layer} writes in its grid, in written order. */
    private static Set<String> axesOf(Layer layer) {
        if (!(layer.config().root().get("sweep") instanceof ConfigObject sweep)
                || !(sweep.get("grid") instanceof ConfigObject grid)) {
            return Set.of();
        }
        return entries(grid, layer.lines()).keySet();
    }

    private static List<String> writtenOrder(Set<String> paths, List<Layer> layers) {
        Set<String> order = new LinkedHashSet<>();
        layers.forEach(layer -> order.addAll(axesOf(layer)));
        order.retainAll(paths);
        order.addAll(paths); // axes no layer wrote directly (e.g. from a substitution) go last
        return List.copyOf(order);
    }

    /**
     * Flattens nested grid objects into axis path -> value, in written order as far as
     * {@code lines} (the layer's source text) tells. An object is an axis value (not a nesting
     * level) when it is a numeric sequence or empty.
     */
    private static Map<String, ConfigValue> entries(ConfigObject grid, List<String> lines) {
        Map<String, ConfigValue> entries = new LinkedHashMap<>();
        collect("", grid, lines, entries);
        return entries;
    }

    private static void collect(String prefix, ConfigObject object, List<String> lines, Map<String, ConfigValue> entries) {
        List<Map.Entry<String, ConfigValue>> sorted = new ArrayList<>(object.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, ConfigValue>>comparingInt(e -> e.getValue().origin().lineNumber())
                .thenComparingInt(e -> column(e, lines))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, ConfigValue> entry : sorted) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof ConfigObject child && !child.isEmpty()
                    && !NumericSequence.isSequenceObject(child)) {
                collect(path, child, lines, entries);
            } else {
                entries.put(path, entry.getValue());
            }
        }
    }

    /** Where the entry's key first occurs on its source line; a tie-breaker for keys sharing a line. */
    private static int column(Map.Entry<String, ConfigValue> entry, List<String> lines) {
        int line = entry.getValue().origin().lineNumber();
        int column = line >= 1 && line <= lines.size() ? lines.get(line - 1).indexOf(ConfigUtil.joinPath(entry.getKey())) : -1;
        return column < 0 ? Integer.MAX_VALUE : column;
    }

    /** A config layer (sweep file or override), unresolved, with its source text. */
    record Layer(Config config, List<String> lines) {
        Layer {
            lines = List.copyOf(lines);
        }
    }
}
