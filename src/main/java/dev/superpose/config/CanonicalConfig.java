package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity of a sweep: its resolved config as canonical JSON. Equal settings render
 * equally however they were written (key order, {@code 1e-3} vs {@code 0.001}, quoted vs
 * nested grid entries, a sequence vs the list it expands to). Only the sections the experiment
 * reads are part of it. The grid is rendered as a list
 * of single-entry objects, in expansion order, because that order decides which trial id
 * means which grid point. The {@link RunPolicy} settings are left out.
 */
final class CanonicalConfig {
    private static final List<String> TMS_SECTIONS = List.of("model", "data", "train");
    /** A tms source draws its inputs from the model and data sections (which source.kind may be swept to). */
    private static final List<String> SAE_SECTIONS = List.of("sae", "source", "train", "model", "data");

    private CanonicalConfig() {
    }

    static String render(Config resolved, List<GridAxis> axes) {
        Map<String, Object> tree = new HashMap<>();
        // The run policy does not change results: a sweep resumed with another stays the same sweep.
        Config identity = resolved;
        for (String path : RunPolicy.PATHS) {
            identity = identity.withoutPath(path);
        }
        boolean sae = Experiment.SAE.id().equals(identity.getString("sweep.experiment"));
        // An experiment's identity is the sections it reads, so another experiment's defaults can change freely.
        for (String section : sae ? SAE_SECTIONS : TMS_SECTIONS) {
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
