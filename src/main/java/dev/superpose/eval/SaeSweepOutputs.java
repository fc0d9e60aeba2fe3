package dev.superpose.eval;

import dev.superpose.analysis.sae.LatentStats;
import dev.superpose.analysis.sae.RepresentationSimilarity;
import dev.superpose.analysis.sae.SaeAnalysis;
import dev.superpose.analysis.sae.SaeOutputs;
import dev.superpose.analysis.sae.SeedSimilarity;
import dev.superpose.analysis.transformer.DownstreamFidelity;
import dev.superpose.analysis.transformer.TopActivations;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.Activations;
import dev.superpose.data.source.SaeData;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.SaeDataLoader;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.SaeSettings;
import dev.superpose.model.sae.SaeShape;
import dev.superpose.model.sae.SaeStack;
import dev.superpose.model.sae.SaeWeights;
import dev.superpose.report.CsvTable;
import dev.superpose.store.StepLoss;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outputs of the {@code sae} experiment: each SAE encodes its stack's held-out rows (at most
 * {@value #EVALUATION_ROWS}), and {@link SaeAnalysis} turns codes and reconstructions into the
 * trial's metrics and one {@code latents.csv} row per latent; the figures are {@link SaeFigures}.
 */
final class SaeSweepOutputs implements ExperimentOutputs {
    /** Held-out rows the metrics average over; bounds memory for large file sources. */
    static final int EVALUATION_ROWS = 10_000;
    private static final int ENCODE_BATCH = 1024;
    private static final List<String> COLUMNS = List.of("loss", "mse", "fvu", "fvu_global", "l0", "l1", "l2",
            "l1_over_sqrt_l2", "hoyer", "dead_fraction", "mmcs", "mmcs_latents", "recovered", "cka", "cka_p",
            "cka_rotated", "procrustes", "procrustes_p", "procrustes_rotated", "rsa", "rsa_p", "rsa_rotated",
            "downstream_recovered", "downstream_distance", "ablation_distance", "single_token_share");
    /** Top activations kept per latent on transformer data. */
    static final int TOP_K = 10;

    private final SaeDataLoader loader;
    private final TransformerProbes probes;

    SaeSweepOutputs(Path home) {
        this(home, new TransformerProbes(home));
    }

    /** @param probes kept for this object's life: each data key's probe serves all its stacks and the export */
    SaeSweepOutputs(Path home, TransformerProbes probes) {
        this.loader = new SaeDataLoader(home);
        this.probes = probes;
    }

    /**
     * A finished SAE trial with its analysis on the held-out rows and, on a transformer's
     * activations, each latent's top activations.
     */
    record AnalysedSae(FinishedTrial trial, SaeWeights weights, SaeAnalysis analysis, SaeData data,
                       Optional<List<TopActivations.Latent>> top) {
    }

    /** One SAE's analysis and, with a probe, its latents' top activations and downstream fidelity. */
    private record Evaluation(SaeAnalysis analysis, Optional<List<TopActivations.Latent>> top,
                              Optional<DownstreamFidelity> fidelity) {
    }

    @Override
    public List<String> metricColumns() {
        return COLUMNS;
    }

    @Override
    public boolean isCount(String column) {
        return column.equals("recovered");
    }

    @Override
    public List<Map<String, Double>> metrics(List<TrialConfig> configs, List<TrialWeights> weights) {
        if (configs.isEmpty()) {
            return List.of();
        }
        SaeDataKey key = SaeDataKey.of(configs.get(0)); // one key per stack
        SaeData data = loader.load(key);
        Optional<TransformerSaeProbe> probe = probes.of(key);
        List<Map<String, Double>> all = new ArrayList<>(configs.size());
        for (int i = 0; i < configs.size(); i++) {
            all.add(metrics(evaluate(configs.get(i), SaeWeights.from(weights.get(i)), data, probe, true)));
        }
        return all;
    }

    private static Map<String, Double> metrics(Evaluation evaluation) {
        SaeAnalysis analysis = evaluation.analysis();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mse", analysis.summary().mse());
        metrics.put("fvu", analysis.summary().fvu());
        metrics.put("l0", analysis.summary().l0());
        metrics.put("fvu_global", analysis.summary().fvuGlobal());
        metrics.put("l1", analysis.summary().l1());
        metrics.put("l2", analysis.summary().l2());
        metrics.put("l1_over_sqrt_l2", analysis.summary().l1OverSqrtL2());
        metrics.put("hoyer", analysis.summary().hoyer());
        metrics.put("dead_fraction", analysis.summary().deadFraction());
        analysis.summary().dictionary().ifPresent(scores -> {
            metrics.put("mmcs", scores.mmcs());
            metrics.put("mmcs_latents", scores.mmcsLatents());
            metrics.put("recovered", (double) scores.recovered());
        });
        analysis.summary().similarity().ifPresent(similarity -> {
            put(metrics, "cka", similarity.cka());
            put(metrics, "procrustes", similarity.procrustes());
            put(metrics, "rsa", similarity.rsa());
        });
        evaluation.fidelity().ifPresent(fidelity -> {
            metrics.put("downstream_recovered", fidelity.recovered());
            metrics.put("downstream_distance", fidelity.splicedDistance());
            metrics.put("ablation_distance", fidelity.ablatedDistance());
        });
        evaluation.top().ifPresent(top -> metrics.put("single_token_share", TopActivations.singleTokenShare(top)));
        return metrics;
    }

    /** {@code name}, {@code name_p} (permutation p-value) and {@code name_rotated} (random-rotation baseline). */
    private static void put(Map<String, Double> metrics, String name, RepresentationSimilarity.Score score) {
        metrics.put(name, score.value());
        metrics.put(name + "_p", score.pValue());
        metrics.put(name + "_rotated", score.rotationBaseline());
    }

    /**
     * Encodes the held-out rows with one SAE, in inference mode, and analyses what it made of them:
     * its reconstructions against their targets (the rows themselves but for a transcoder).
     */
    static SaeAnalysis analyse(TrialConfig config, SaeWeights weights, SaeData data) {
        return evaluate(config, weights, data, Optional.empty(), false).analysis();
    }

    /**
     * {@link #analyse}, and with a probe the latents' top activations on the held-out rows and,
     * if {@code fidelity}, the reconstruction's downstream fidelity through the model.
     */
    private static Evaluation evaluate(TrialConfig config, SaeWeights weights, SaeData data,
                                       Optional<TransformerSaeProbe> probe, boolean fidelity) {
        int count = Math.min(EVALUATION_ROWS, data.test().rows());
        Activations rows = data.test().head(count);
        Activations targets = data.testTarget().head(count);
        SaeCodes codes = encode(config, weights, rows.values(), rows.rows());
        SaeOutputs outputs = new SaeOutputs(targets.rows(), targets.dim(), weights.latents(), targets.values(),
                codes.reconstructions(), codes.codes(), weights.decoderRows());
        SaeAnalysis analysis = data.truth().map(truth -> SaeAnalysis.of(outputs, truth.directions()))
                .orElseGet(() -> SaeAnalysis.of(outputs));
        Optional<List<TopActivations.Latent>> top = probe.map(p -> TopActivations.of(codes.codes(), count,
                weights.latents(), p.testTokens(count), TOP_K));
        Optional<DownstreamFidelity> downstream = fidelity ? probe.flatMap(p -> p.fidelity(
                x -> encode(config, weights, x, x.length / weights.inputs()).reconstructions())) : Optional.empty();
        return new Evaluation(analysis, top, downstream);
    }

    /** One SAE's codes and reconstructions of {@code n} rows, in inference mode. */
    private static SaeCodes encode(TrialConfig config, SaeWeights weights, float[] x, int n) {
        SaeShape shape = SaeSettings.shape(config.sae(), weights.inputs(), weights.outputs());
        try (SaeStack stack = new SaeStack(SaeSettings.architecture(config.sae()), SaeSettings.options(config.sae()),
                1, shape, weights.latents(), Math.max(1, Math.min(ENCODE_BATCH, n)), DataType.FLOAT, 1)) {
            stack.load(0, weights);
            return stack.encode(0, x, n);
        }
    }

    @Override
    public void export(SweepPlan plan, List<FinishedTrial> finished, Map<String, List<StepLoss>> curves,
                       Path resultsDir) throws IOException {
        Map<SaeDataKey, SaeData> dataBySource = new HashMap<>();
        Map<SaeDataKey, Optional<TransformerSaeProbe>> probeByKey = new HashMap<>();
        List<AnalysedSae> analysed = new ArrayList<>(finished.size());
        for (FinishedTrial trial : finished) {
            TrialConfig config = trial.spec().config();
            SaeDataKey key = SaeDataKey.of(config);
            SaeData data = dataBySource.computeIfAbsent(key, loader::load);
            Optional<TransformerSaeProbe> probe = probeByKey.computeIfAbsent(key, probes::of);
            SaeWeights weights = SaeWeights.from(trial.weights());
            Evaluation evaluation = evaluate(config, weights, data, probe, false);
            analysed.add(new AnalysedSae(trial, weights, evaluation.analysis(), data, evaluation.top()));
        }
        writeLatents(analysed, probeByKey, resultsDir);
        LatentContextsReport.write(plan, analysed, probeByKey, resultsDir);
        List<SeedPair> pairs = seedPairs(analysed);
        writeSeedSimilarity(plan, pairs, resultsDir);
        new SaeFigures(resultsDir.resolve("plots")).draw(plan, analysed, pairs);
    }

    /** Two seeds of one grid point and their dictionaries' similarity ({@link SeedSimilarity}). */
    record SeedPair(AnalysedSae a, AnalysedSae b, RepresentationSimilarity.Scores scores) {
    }

    /** Every pair of seeds of each grid point, lower seed first, whose dictionaries' similarity is measured. */
    private static List<SeedPair> seedPairs(List<AnalysedSae> analysed) {
        Map<Map<String, Object>, List<AnalysedSae>> byPoint = new LinkedHashMap<>();
        for (AnalysedSae sae : analysed) {
            byPoint.computeIfAbsent(sae.trial().spec().gridPoint(), p -> new ArrayList<>()).add(sae);
        }
        List<SeedPair> pairs = new ArrayList<>();
        for (List<AnalysedSae> seeds : byPoint.values()) {
            seeds.sort(java.util.Comparator.comparingLong(t -> t.trial().spec().seed()));
            for (int i = 0; i < seeds.size(); i++) {
                for (int j = i + 1; j < seeds.size(); j++) {
                    AnalysedSae a = seeds.get(i);
                    AnalysedSae b = seeds.get(j);
                    SeedSimilarity.between(a.weights().decoderRows(), b.weights().decoderRows(), a.weights().inputs())
                            .ifPresent(scores -> pairs.add(new SeedPair(a, b, scores)));
                }
            }
        }
        return pairs;
    }

    /** {@code seed-similarity.csv}: a row per pair of seeds of a grid point; not written when no pair is measured. */
    private static void writeSeedSimilarity(SweepPlan plan, List<SeedPair> pairs, Path resultsDir) throws IOException {
        if (pairs.isEmpty()) {
            return;
        }
        List<String> header = new ArrayList<>(plan.gridPaths());
        header.addAll(List.of("seed_a", "seed_b", "trial_a", "trial_b"));
        List<String> measures = List.of("cka", "procrustes", "rsa");
        for (String m : measures) {
            header.addAll(List.of(m, m + "_p", m + "_rotated"));
        }
        List<List<Object>> table = new ArrayList<>();
        for (SeedPair pair : pairs) {
            List<Object> row = new ArrayList<>();
            plan.gridPaths().forEach(path -> row.add(pair.a().trial().spec().gridPoint().get(path)));
            row.addAll(List.of(pair.a().trial().spec().seed(), pair.b().trial().spec().seed(),
                    pair.a().trial().spec().trialId(), pair.b().trial().spec().trialId()));
            for (RepresentationSimilarity.Score score : List.of(pair.scores().cka(), pair.scores().procrustes(),
                    pair.scores().rsa())) {
                row.addAll(List.of(score.value(), score.pValue(), score.rotationBaseline()));
            }
            table.add(row);
        }
        CsvTable.write(resultsDir.resolve("seed-similarity.csv"), header, table);
    }

    /**
     * {@code latents.csv}; on a transformer's activations also each latent's strongest activation,
     * the token type most frequent among its top {@value #TOP_K} and that type's share of them, and
     * whether they are all that type.
     */
    private static void writeLatents(List<AnalysedSae> analysed, Map<SaeDataKey, Optional<TransformerSaeProbe>> probes,
                                     Path resultsDir) throws IOException {
        List<String> header = List.of("trial_id", "latent", "firing_frequency", "decoder_norm", "max_cosine",
                "feature", "top_activation", "top_token", "top_token_share", "single_token");
        List<List<Object>> table = new ArrayList<>();
        for (AnalysedSae sae : analysed) {
            for (LatentStats latent : sae.analysis().latents()) {
                List<Object> row = new ArrayList<>(List.of(sae.trial().spec().trialId(), latent.latent(),
                        latent.firingFrequency(), latent.decoderNorm()));
                boolean truth = sae.data().truth().isPresent();
                row.add(truth ? latent.maxCosine() : null);
                row.add(truth ? latent.feature() : null);
                Optional<TopActivations.Latent> top = sae.top().map(t -> t.get(latent.latent()))
                        .filter(t -> t.rows().length > 0);
                row.add(top.map(t -> (Object) t.activations()[0]).orElse(null));
                Optional<TransformerSaeProbe> probe = probes.get(SaeDataKey.of(sae.trial().spec().config()));
                row.add(top.map(t -> (Object) probe.orElseThrow().token(t.topToken())).orElse(null));
                row.add(top.map(t -> (Object) (t.topTokenCount() / (double) t.rows().length)).orElse(null));
                row.add(top.map(t -> (Object) (t.singleToken() ? 1 : 0)).orElse(null));
                table.add(row);
            }
        }
        CsvTable.write(resultsDir.resolve("latents.csv"), header, table);
    }
}
