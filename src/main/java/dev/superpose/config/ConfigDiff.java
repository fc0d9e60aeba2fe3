package dev.superpose.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What differs between two canonical configs ({@link SweepPlan#canonicalConfig()}), so that a
 * refused resume can say why: one line per differing setting, {@code path: old -> new}.
 */
public final class ConfigDiff {
    /** Stands for a missing key, which differs from a key holding JSON null. */
    private static final Object ABSENT = new Object();

    private ConfigDiff() {
    }

    /**
     * Lines like {@code train.steps: 5000 -> 2000}, sorted by path; empty when the configs are
     * equal. List elements are compared by index ({@code sweep.seeds[2]}) when both lists have
     * the same length, as whole lists otherwise.
     *
     * @throws IllegalArgumentException when either text is not a JSON object
     */
    public static List<String> describe(String oldCanonical, String newCanonical) {
        List<String> lines = new ArrayList<>();
        diff("", parse(oldCanonical), parse(newCanonical), lines);
        return List.copyOf(lines);
    }

    private static Object parse(String json) {
        try {
            return ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                    .root().unwrapped();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a canonical config: " + e.getMessage(), e);
        }
    }

    private static void diff(String path, Object before, Object after, List<String> lines) {
        if (before instanceof Map<?, ?> oldMap && after instanceof Map<?, ?> newMap) {
            TreeSet<String> keys = new TreeSet<>();
            oldMap.keySet().forEach(k -> keys.add((String) k));
            newMap.keySet().forEach(k -> keys.add((String) k));
            for (String key : keys) {
                String child = path.isEmpty() ? ConfigUtil.joinPath(key) : path + "." + ConfigUtil.joinPath(key);
                diff(child, value(oldMap, key), value(newMap, key), lines);
            }
        } else if (before instanceof List<?> oldList && after instanceof List<?> newList
                && oldList.size() == newList.size()) {
            for (int i = 0; i < oldList.size(); i++) {
                diff(path + "[" + i + "]", oldList.get(i), newList.get(i), lines);
            }
        } else {
            String oldText = text(before);
            String newText = text(after);
            if (!oldText.equals(newText)) {
                lines.add(path + ": " + oldText + " -> " + newText);
            }
        }
    }

    private static Object value(Map<?, ?> map, String key) {
        return map.containsKey(key) ? map.get(key) : ABSENT;
    }

    private static String text(Object value) {
        return value == ABSENT ? "(absent)" : CanonicalJson.render(value);
    }
}
