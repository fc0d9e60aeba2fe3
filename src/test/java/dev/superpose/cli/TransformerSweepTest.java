package dev.superpose.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** SAEs on MiniLM activations through the command line, exported for SAELens. */
class TransformerSweepTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path home;

    private CliRun run(String name, String body) throws IOException {
        Path file = home.resolve(name + ".conf");
        Files.writeString(file, body.replace("NAME", name));
        return CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
    }

    private static final String SWEEP = """
            sweep { name = NAME, experiment = sae, seeds = [0], grid { "sae.architecture" = [topk, jumprelu, gated] } }
            source { kind = transformer, hook = HOOK, context-length = 32, tokens = 600, standardize = unit-norm }
            sae { latents = 96, k = 4 }
            train { steps = 30, batch-size = 64, log-every = 10 }
            """;

    @Test
    void saesTrainOnMiniLmActivationsAndExportInSaeLensLayout() throws Exception {
        CliRun run = run("minilm", SWEEP.replace("HOOK", "resid.0"));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path results = home.resolve("results/minilm");
        List<Map<String, String>> trials = csv(results.resolve("trials.csv"));
        assertEquals(3, trials.size());
        for (Map<String, String> trial : trials) {
            double recovered = Double.parseDouble(trial.get("downstream_recovered"));
            assertTrue(recovered <= 1 && Double.parseDouble(trial.get("ablation_distance")) > 0, trial.toString());
            double share = Double.parseDouble(trial.get("single_token_share"));
            assertTrue(share >= 0 && share <= 1, trial.toString());
        }
        List<Map<String, String>> latents = csv(results.resolve("latents.csv"));
        assertEquals(3 * 96, latents.size());
        assertTrue(latents.stream().anyMatch(l -> !l.get("top_token").isEmpty() && !l.get("single_token").isEmpty()));
        String report = Files.readString(results.resolve("latent-contexts.md"));
        assertTrue(report.contains("### latent ") && report.contains("**"), report);
        CliRun export = CliRun.of("export", "minilm", "--home", home.toString(), "--format", "saelens");
        assertEquals(0, export.exitCode(), export.out() + export.err());
        Path folder = home.resolve("results/minilm/saelens");
        List<Path> saes;
        try (var list = Files.list(folder)) {
            saes = list.sorted().toList();
        }
        assertEquals(3, saes.size());
        for (Path sae : saes) {
            assertTrue(Files.isRegularFile(sae.resolve("sae_weights.safetensors")), sae.toString());
            assertTrue(Files.isRegularFile(sae.resolve("cfg.json")), sae.toString());
        }

        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with numpy");
        // An independent reader: safetensors' layout parsed with the standard library and NumPy.
        String script = """
                import json, struct, sys, numpy as np
                for folder in sys.argv[1:]:
                    raw = open(folder + '/sae_weights.safetensors', 'rb').read()
                    n = struct.unpack('<Q', raw[:8])[0]
                    header = json.loads(raw[8:8 + n])
                    cfg = json.load(open(folder + '/cfg.json'))
                    t = {k: np.frombuffer(raw[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]], dtype='<f4').reshape(v['shape'])
                         for k, v in header.items() if k != '__metadata__'}
                    assert all(v['dtype'] == 'F32' for k, v in header.items() if k != '__metadata__')
                    print(cfg['architecture'], sorted(t), t['W_enc'].shape, t['W_dec'].shape, cfg['d_in'], cfg['d_sae'],
                          cfg.get('k'), cfg['normalize_activations'], cfg['metadata']['hook_name'],
                          cfg['metadata']['sae_lens_version'] >= '6', round(float(np.linalg.norm(t['W_dec'], axis=1).mean() ** 2)))
                """;
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", script, saes.get(0).toString(), saes.get(1).toString(),
                saes.get(2).toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!output.contains("No module named 'numpy'"), "needs numpy");
        assertEquals(0, process.exitValue(), output);
        // W_dec rows of unit norm, rescaled by sqrt(d_in) for SAELens' constant_norm_rescale: |row|^2 = 384
        assertEquals(List.of(
                "topk ['W_dec', 'W_enc', 'b_dec', 'b_enc'] (384, 96) (96, 384) 384 96 4 constant_norm_rescale blocks.0.hook_resid_post True 384",
                "jumprelu ['W_dec', 'W_enc', 'b_dec', 'b_enc', 'threshold'] (384, 96) (96, 384) 384 96 None constant_norm_rescale blocks.0.hook_resid_post True 384",
                "gated ['W_dec', 'W_enc', 'b_dec', 'b_gate', 'b_mag', 'r_mag'] (384, 96) (96, 384) 384 96 None constant_norm_rescale blocks.0.hook_resid_post True 384"),
                output.lines().toList());
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(Files.newBufferedReader(file))) {
            return parser.getRecords().stream().map(CSVRecord::toMap).toList();
        }
    }

    @Test
    void aHookTheModelDoesNotHaveExitsWith2AndWritesNothing() throws IOException {
        CliRun run = run("bad", SWEEP.replace("HOOK", "mlp.6"));

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("source.hook = \"mlp.6\": all-minilm-l6-v2 has blocks 0 to 5"), run.err());
        assertFalse(Files.exists(home.resolve("results")));
        assertFalse(Files.exists(home.resolve("data/activations")));
    }
}
