package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code sweep.grid} into axes in the order the user wrote them. Entries may be quoted
 * paths ({@code "data.feature-probability" = [...]}) or nested ({@code data { feature-probability
 * = [...] }}, {@code grid.data.feature-probability = [...]} on the command line); every spelling
 * names the same axis.
 *
 * <p>HOCON alone would keep a quoted key and a nested one side by side (they are different keys
 * to it), and would merge a sequence object of an override into the file's instead of replacing
 * it. So the grids of the layers are merged here, axis by axis, before HOCON merges the rest:
 * a later layer's values replace an earlier layer's for the same axis, whatever the spelling.
 * One layer spelling one axis twice is ambiguous and rejected.
 *
 * <p>Typesafe Config keeps object keys in a hash map and origins carry no column, so the
 * written order is recovered per layer from its source text: keys in the order of their lines
 * (keys sharing a line by where the key's text first occurs in it); across layers, axes in the
 * order first written. An override that replaces an axis's values does not move the axis.
 */
final class GridReader {
    private GridReader() {
    }

    /**
     * The grid of all {@code layers} (lowest precedence first), merged axis by axis.
     *
     * @throws SettingException if one layer writes one axis under two spellings
     */
    static Grid merge(List<Layer> layers) {
        Map<String, ConfigValue> axes = new LinkedHashMap<>();
        ConfigValue notAnObject = null;
        for (Layer layer : layers) {
            if (!(layer.config().root().get("sweep") instanceof ConfigObject sweep) || !sweep.containsKey("grid")) {
                continue;
            }
            ConfigValue grid = sweep.get("grid");
            if (grid instanceof ConfigObject object) {
                notAnObject = null;
                entries(object, layer.lines()).forEach((path, value) -> put(axes, path, value));
            } else if (isNull(grid)) {
                notAnObject = null;
                axes.clear(); // grid = null: no axes
            } else {
                notAnObject = grid; // rejected by read, as any grid that is not an object
            }
        }
        return new Grid(axes, notAnObject);
    }

    /** {@code value} replaces {@code path}'s; a null also removes the axes nested under {@code path}. */
    private static void put(Map<String, ConfigValue> axes, String path, ConfigValue value) {
        if (isNull(value)) {
            axes.keySet().removeIf(axis -> axis.startsWith(path + "."));
        }
        axes.put(path, value);
    }

    /**
     * @param merged the resolved config, whose grid is {@link Grid#asValue()}
     * @param grid   the merged grid, for the axes' order
     */
    static List<GridAxis> read(Config merged, Grid grid, KnownSettings known) {
        if (grid.notAnObject() != null) {
            throw new SettingException(KnownSettings.GRID, "an object mapping model/data/train/sae/source settings to lists of values",
                    Settings.render(merged.getValue(KnownSettings.GRID)));
        }
        List<GridAxis> axes = new ArrayList<>();
        for (String path : grid.axes().keySet()) {
            if (isNull(grid.axes().get(path))) {
                continue; // set to null by an override: the axis is removed
            }
            String location = location(path);
            ConfigValue value = merged.getValue(location);
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

    /** Whether {@code value} is null; a substitution not yet resolved is not. */
    private static boolean isNull(ConfigValue value) {
        try {
            return value.valueType() == ConfigValueType.NULL;
        } catch (ConfigException.NotResolved e) {
            return false;
        }
    }

    /** Where the values of the grid axis {@code path} are written, e.g. {@code sweep.grid."model.hidden"}. */
    static String location(String path) {
        return KnownSettings.GRID + "." + ConfigUtil.joinPath(path);
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
            } else if (entries.putIfAbsent(path, entry.getValue()) != null) {
                throw new SettingException(location(path), "written twice, once as a quoted path and once as"
                        + " nested keys; write it once, e.g. grid { \"" + path + "\" = [...] }");
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

        /** Whether this layer writes the setting at {@code path}, grid axes under any spelling. */
        boolean writes(String path) {
            String gridPrefix = KnownSettings.GRID + ".";
            if (path.startsWith(gridPrefix)) {
                String axis = ConfigUtil.splitPath(path.substring(gridPrefix.length())).stream()
                        .reduce((a, b) -> a + "." + b).orElse("");
                return merge(List.of(this)).axes().containsKey(axis);
            }
            try {
                return config.hasPathOrNull(path);
            } catch (ConfigException e) {
                return false; // a prefix of path is not an object here, so path is not set
            }
        }
    }

    /**
     * The merged grid.
     *
     * @param axes        axis path -> its (unresolved) values, in written order
     * @param notAnObject what a layer set the grid to when that is not an object, else null
     */
    record Grid(Map<String, ConfigValue> axes, ConfigValue notAnObject) {
        /** The grid as HOCON: one quoted key per axis, so that no two spellings meet again. */
        ConfigValue asValue() {
            if (notAnObject != null) {
                return notAnObject;
            }
            Config grid = ConfigFactory.empty();
            for (Map.Entry<String, ConfigValue> axis : axes.entrySet()) {
                if (!isNull(axis.getValue())) {
                    grid = grid.withValue(ConfigUtil.joinPath(axis.getKey()), axis.getValue());
                }
            }
            return grid.root();
        }
    }
}
