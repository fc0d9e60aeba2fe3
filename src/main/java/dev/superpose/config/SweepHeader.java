package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The sweep-level settings: {@code sweep.name}, {@code experiment}, {@code seeds}, and the {@link RunPolicy}. */
record SweepHeader(String name, Experiment experiment, List<Long> seeds, RunPolicy policy) {
    // the name becomes a directory name and part of file names: keep it portable
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    SweepHeader {
        seeds = List.copyOf(seeds);
    }

    static SweepHeader read(Config config) {
        Settings settings = new Settings(config);
        String nameExpectation = "a name of letters, digits, '.', '_' and '-' starting with a letter or digit";
        String name = settings.string("sweep.name", nameExpectation);
        if (!NAME.matcher(name).matches()) {
            throw new SettingException("sweep.name", nameExpectation, Settings.render(settings.valueOrNull("sweep.name")));
        }
        Experiment experiment = settings.oneOf("sweep.experiment", Experiment.values(), Experiment::id);
        return new SweepHeader(name, experiment, seeds(settings), RunPolicy.read(settings));
    }

    private static List<Long> seeds(Settings settings) {
        String expectation = "a non-empty list of distinct integers";
        List<Long> seeds = new ArrayList<>();
        for (ConfigValue value : settings.nonEmptyList("sweep.seeds", expectation)) {
            Long seed = Settings.integralValue(value);
            if (seed == null) {
                throw new SettingException("sweep.seeds", expectation, Settings.render(value) + " in the list");
            }
            seeds.add(seed);
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            // a repeated seed would train the same model twice under two trial ids
            throw new SettingException("sweep.seeds", expectation, Settings.render(settings.valueOrNull("sweep.seeds")));
        }
        return seeds;
    }
}
