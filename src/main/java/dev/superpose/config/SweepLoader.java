package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a HOCON sweep file and command-line overrides into a validated {@link SweepPlan}.
 * Precedence: later {@code --set} overrides &gt; earlier ones &gt; the sweep file &gt; the embedded
 * {@code superpose-defaults.conf}. Everything is checked before the plan exists, so a caller
 * that has a plan has nothing left to reject.
 */
public final class SweepLoader {
    private static final String DEFAULTS_RESOURCE = "superpose-defaults.conf";

    private SweepLoader() {
    }

    /**
     * @param file      the sweep file
     * @param overrides {@code --set} values ({@code path=value}, value in HOCON), in command-line order
     * @throws BadInputException with a one-line message naming the file (or override), the
     *                           setting and what was expected
     */
    public static SweepPlan load(Path file, List<String> overrides) {
        Config defaults = defaults();
        KnownSettings known = new KnownSettings(defaults);
        List<String> fileLines = readLines(file);
        Config fileConfig = parse(file);
        List<SetOverride> sets = overrides.stream().map(text -> SetOverride.parse(text, known.keysOf("sweep"))).toList();
        SweepSources sources = new SweepSources(file.toString(), fileConfig, fileLines, sets);
        GridReader.Grid grid = sources.grid();
        Config resolved = sources.resolve(defaults, grid);
        try {
            known.checkKeys(resolved);
            SweepHeader header = SweepHeader.read(resolved);
            List<GridAxis> axes = GridReader.read(resolved, grid, known);
            TrialExpansion expansion = TrialExpansion.expand(header, resolved, axes);
            String canonical = CanonicalConfig.render(resolved, axes);
            List<String> axisPaths = axes.stream().map(GridAxis::path).toList();
            Set<String> written = new LinkedHashSet<>(sources.written(known.griddable()));
            written.addAll(axisPaths);
            List<String> warnings = new ArrayList<>(expansion.warnings());
            warnings.addAll(UnreadSettings.warnings(written, resolved, axisPaths, expansion.trials()));
            return new SweepPlan(header.name(), header.experiment(), header.policy(), axisPaths, expansion.trials(),
                    canonical, CanonicalJson.sha256(canonical), warnings);
        } catch (SettingException e) {
            throw sources.describe(e);
        }
    }

    /**
     * The plan of a sweep as stored in the database: its {@link SweepPlan#canonicalConfig()}, read
     * back (the grid in its stored order) over the current defaults, so that the run policy and the
     * sections its experiment does not read take today's values.
     *
     * @throws BadInputException if the stored config cannot be read back into the same sweep (e.g. it
     *                           was written by a version with other settings)
     */
    public static SweepPlan fromStored(String canonicalConfig) {
        Config stored = ConfigFactory.parseString(canonicalConfig,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        List<GridAxis> axes = new ArrayList<>();
        for (ConfigValue entry : stored.getList(KnownSettings.GRID)) {
            ((ConfigObject) entry).forEach((path, values) -> axes.add(new GridAxis(path, ((ConfigList) values))));
        }
        Config resolved = stored.withoutPath(KnownSettings.GRID).withFallback(defaults()).resolve();
        try {
            SweepHeader header = SweepHeader.read(resolved);
            TrialExpansion expansion = TrialExpansion.expand(header, resolved, axes);
            String canonical = CanonicalConfig.render(resolved, axes);
            SweepPlan plan = new SweepPlan(header.name(), header.experiment(), header.policy(),
                    axes.stream().map(GridAxis::path).toList(), expansion.trials(), canonical,
                    CanonicalJson.sha256(canonical), expansion.warnings());
            if (!plan.configHash().equals(CanonicalJson.sha256(canonicalConfig))) {
                throw new BadInputException("the stored config of sweep " + header.name() + " does not read back"
                        + " into the same sweep with this version (" + String.join("; ",
                        ConfigDiff.describe(canonicalConfig, canonical)) + "); the files its runs wrote are kept,"
                        + " and this version can only export it after running it again (remove it with rm first)");
            }
            return plan;
        } catch (SettingException e) {
            throw new BadInputException("the stored config of a sweep no longer validates: " + e.getMessage(), e);
        }
    }

    /** The embedded defaults, which also define which settings exist. */
    static Config defaults() {
        return ConfigFactory.parseResources(SweepLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** The file's text, which the parsed config does not keep (see {@link GridReader} for why it is needed). */
    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such sweep file");
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the sweep file (" + e + ")", e);
        }
    }

    private static Config parse(Path file) {
        try {
            return ConfigFactory.parseFile(file.toFile(),
                    LocalIncludes.options().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (ConfigException e) {
            // Typesafe's message starts with the file and line, e.g. "x.conf: 3: Expecting a value ..."
            throw new BadInputException("malformed sweep file: " + e.getMessage(), e);
        }
    }
}
