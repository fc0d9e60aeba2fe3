package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The layers a sweep's config is made of (defaults &lt; sweep file &lt; overrides, later
 * overrides winning) and the knowledge of which layer said what, for error messages.
 */
final class SweepSources {
    private final String fileLabel;
    private final GridReader.Layer file;
    private final List<SetOverride> overrides;

    /** {@code fileLines}: the sweep file's text, by line. */
    SweepSources(String fileLabel, Config file, List<String> fileLines, List<SetOverride> overrides) {
        this.fileLabel = fileLabel;
        this.file = new GridReader.Layer(file, fileLines);
        this.overrides = List.copyOf(overrides);
    }

    /** The sweep file and the overrides, unresolved, lowest precedence first. */
    List<GridReader.Layer> layers() {
        List<GridReader.Layer> layers = new ArrayList<>();
        layers.add(file);
        overrides.forEach(o -> layers.add(new GridReader.Layer(o.config(), List.of(o.text()))));
        return layers;
    }

    /** The grids of all layers, merged axis by axis (see {@link GridReader}). */
    GridReader.Grid grid() {
        try {
            return GridReader.merge(layers());
        } catch (SettingException e) {
            throw describe(e);
        }
    }

    /** Those of {@code paths} that the sweep file or an override writes (outside the grid). */
    List<String> written(List<String> paths) {
        return paths.stream().filter(path -> layers().stream().anyMatch(layer -> layer.writes(path))).toList();
    }

    /** All layers over {@code defaults}, merged and resolved, the grid replaced by {@code grid}. */
    Config resolve(Config defaults, GridReader.Grid grid) {
        Config merged = defaults;
        for (GridReader.Layer layer : layers()) {
            merged = layer.config().withFallback(merged);
        }
        merged = merged.withValue(KnownSettings.GRID, grid.asValue());
        try {
            return merged.resolve(); // substitutions see every layer, as users expect of HOCON
        } catch (ConfigException e) {
            throw new BadInputException(e.getMessage(), e); // the message names the file and line
        }
    }

    /**
     * The user-facing message for {@code e}: file, path, problem, the override that set the
     * value (if one did) and the grid point (if one was being checked), on one line.
     */
    BadInputException describe(SettingException e) {
        StringBuilder message = new StringBuilder(fileLabel).append(": ").append(e.path()).append(": ").append(e.problem());
        for (int i = overrides.size() - 1; i >= 0; i--) {
            if (new GridReader.Layer(overrides.get(i).config(), List.of()).writes(e.path())) {
                message.append(" (from --set ").append(overrides.get(i).text()).append(')');
                break;
            }
        }
        if (!e.gridPoint().isEmpty()) {
            message.append(e.gridPoint().entrySet().stream().map(p -> p.getKey() + "=" + CanonicalJson.render(p.getValue()))
                    .collect(Collectors.joining(", ", " (at grid point ", ")")));
        }
        return new BadInputException(message.toString(), e);
    }
}
