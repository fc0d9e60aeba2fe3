package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import dev.superpose.config.DataConfig;
import dev.superpose.config.ModelConfig;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.SourceKind;

import dev.superpose.data.source.transformer.TransformerActivations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds an SAE stack's data from its {@code source} section: the producing source's rows
 * (generated from {@code source.seed}, or read from a file), transformed or imitated by a derived
 * kind, standardised per row, then split into training and test rows. A pure function of the
 * {@link SaeDataKey} and the files it names, so every SAE of a stack, and a resumed stack, sees
 * the same data.
 */
public final class SaeDataLoader {
    private final Path home;

    /** @param home the home directory: {@code models/} holds TMS trials, {@code data/} user files */
    public SaeDataLoader(Path home) {
        this.home = home;
    }

    /**
     * The data of every trial with this key.
     *
     * @throws BadInputException naming the setting or file at fault (missing, malformed, wrong shape)
     */
    public SaeData load(SaeDataKey key) {
        if (key.target().transcoder()) {
            return transcoderData(key);
        }
        SourceConfig source = key.source();
        Produced produced = derive(source, produce(source, key.model(), key.data()));
        Activations rows = produced.rows();
        Optional<GroundTruth> truth = produced.truth();
        rows = switch (source.standardization()) {
            case NONE -> rows;
            case UNIT_NORM -> rows.withUnitNormRows();
            case ZSCORE -> rows.withZScoreRows();
        };
        if (rows.rows() < 2) {
            throw new BadInputException("source: " + rows.rows() + " sample(s); an SAE needs at least 2");
        }
        try {
            Split split = Split.byFraction(rows, source.testFraction(), source.seed());
            return new SaeData(split.train(), split.test(), truth);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("source.test-fraction: " + e.getMessage(), e);
        }
    }

    /**
     * The files the data of {@code key} is read from (a TMS trial's weights, the source.path file, a
     * transformer's model, tokenizer and text): what else, beside the config, its trials depend on.
     * Generated sources read none.
     */
    public List<Path> files(SaeDataKey key) {
        SourceConfig source = key.source();
        return switch (source.producer()) {
            case TMS -> List.of(DataPaths.trialWeights(home, source.trial()));
            case GLOVE, NPY, SAFETENSORS -> List.of(DataPaths.dataFile(home, "source.path", source.path()));
            case TRANSFORMER -> new TransformerActivations(home, System.err).files(source.transformer());
            case SHARKEY, PROJECTION, GAUSSIAN, FFN, GAUSSIAN_FFN -> List.of();
        };
    }

    /** The producing source's rows and ground truth. */
    private record Produced(Activations rows, Optional<GroundTruth> truth) {
    }

    /**
     * A transcoder's pairs (x, y = f(x)) for {@code sae.target}, split row for row, with the known
     * features in y's space: f(d_i) − f(0), normalised, for the input-space features d_i at unit
     * magnitude (what one feature alone adds to the target; for a linear f, f(d_i)). The rows are
     * not standardised (the config refuses it for transcoders).
     */
    private SaeData transcoderData(SaeDataKey key) {
        SourceConfig source = key.source();
        Pairs pairs = switch (key.target()) {
            case INPUT -> throw new IllegalArgumentException("an SAE's data has no pairs");
            case FFN_OUTPUT -> ffnPairs(source, key);
            case TMS_HIDDEN, TMS_OUTPUT -> tmsPairs(source, key);
        };
        if (pairs.x().rows() < 2) {
            throw new BadInputException("source: " + pairs.x().rows() + " sample(s); a transcoder needs at least 2");
        }
        try {
            // the shuffle depends only on the row count and the seed: both splits pick the same rows
            Split inputs = Split.byFraction(pairs.x(), source.testFraction(), source.seed());
            Split targets = Split.byFraction(pairs.y(), source.testFraction(), source.seed());
            return new SaeData(inputs.train(), inputs.test(), targets.train(), targets.test(), pairs.truth());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("source.test-fraction: " + e.getMessage(), e);
        }
    }

    /** Rows x, their targets y and the known features in y's space. */
    private record Pairs(Activations x, Activations y, Optional<GroundTruth> truth) {
    }

    /** x: the ffn MLP's input (the base's rows, imitated first for gaussian-ffn); y = ffn(x). */
    private Pairs ffnPairs(SourceConfig source, SaeDataKey key) {
        Produced produced = produce(source, key.model(), key.data());
        Produced input = source.kind() == SourceKind.GAUSSIAN_FFN ? gaussian(source, produced) : produced;
        Activations x = input.rows();
        FfnSource ffn = mlp(source, x);
        Optional<GroundTruth> truth = input.truth().map(t -> targetFeatures(
                ffn.apply(new Activations(t.features(), t.dim(), t.directions())),
                ffn.apply(new Activations(1, t.dim(), new float[t.dim()])), "ffn(d_i) - ffn(0)"));
        return new Pairs(x, ffn.apply(x), truth);
    }

    /** tms-hidden: x → h = Wx, known features W_i; tms-output: h → ReLU(Wᵀh + b_final). */
    private Pairs tmsPairs(SourceConfig source, SaeDataKey key) {
        TmsSource tms = tmsSource(source, key.model(), key.data());
        Activations x = tms.inputs(0, source.samples());
        Activations h = tms.hidden(x);
        if (key.target() == dev.superpose.config.SaeTarget.TMS_HIDDEN) {
            return new Pairs(x, h, tms.groundTruth());
        }
        try {
            Activations unit = tms.embeddings();
            Activations zero = new Activations(1, tms.dim(), new float[tms.dim()]);
            return new Pairs(h, tms.output(h), Optional.of(targetFeatures(tms.output(unit), tms.output(zero),
                    "ReLU(W^T W_i + b) - ReLU(b)")));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new BadInputException("source.trial = \"" + source.trial() + "\" for sae.target = tms-output: "
                    + e.getMessage(), e);
        }
    }

    /** The rows of {@code images} minus the row {@code origin}, normalised: f(d_i) − f(0). */
    private static GroundTruth targetFeatures(Activations images, Activations origin, String what) {
        int d = images.dim();
        float[] rows = images.values().clone();
        for (int f = 0; f < images.rows(); f++) {
            for (int c = 0; c < d; c++) {
                rows[f * d + c] -= origin.values()[c];
            }
        }
        try {
            return GroundTruth.normalized(images.rows(), d, rows, "the known features " + what);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("source: " + e.getMessage(), e);
        }
    }

    /**
     * A derived kind's rows from the producer's: gaussian imitates them (no ground truth), ffn
     * transforms them (with {@code ffn-init = pytorch} the true features go through the same MLP),
     * gaussian-ffn does both in that order, as the study's fourth condition.
     */
    private static Produced derive(SourceConfig source, Produced produced) {
        return switch (source.kind()) {
            case GAUSSIAN -> gaussian(source, produced);
            case FFN -> ffn(source, produced);
            case GAUSSIAN_FFN -> ffn(source, gaussian(source, produced));
            default -> produced;
        };
    }

    private static Produced gaussian(SourceConfig source, Produced produced) {
        Activations reference = produced.rows();
        GaussianSource gaussian = switch (source.moments()) {
            case PER_DIMENSION -> GaussianSource.matching(reference, source.seed());
            case SCALAR -> GaussianSource.matchingScalar(reference, source.seed());
        };
        return new Produced(gaussian.draw(0, reference.rows()), Optional.empty());
    }

    private static Produced ffn(SourceConfig source, Produced produced) {
        Activations x = produced.rows();
        FfnSource ffn = mlp(source, x);
        Optional<GroundTruth> truth = switch (source.ffnInit()) {
            case HE -> Optional.empty();
            case PYTORCH -> produced.truth().map(t -> GroundTruth.normalized(t.features(), t.dim(),
                    ffn.apply(new Activations(t.features(), t.dim(), t.directions())).values(),
                    "the true features through the ffn MLP"));
        };
        return new Produced(ffn.apply(x), truth);
    }

    /** The ffn kinds' MLP for rows like {@code x}, drawn from the source's seed. */
    static FfnSource mlp(SourceConfig source, Activations x) {
        return new FfnSource(new DatasetSource(new Split(x, x), source.seed()), source.ffnInit(), source.seed());
    }

    private Produced produce(SourceConfig source, ModelConfig model, DataConfig data) {
        SourceKind producer = source.producer();
        return switch (producer) {
            case SHARKEY -> generated(new SharkeySource(source.dim(), source.features(), source.probabilityDecay(),
                    source.meanActive(), source.recipe(), source.seed()), source.samples());
            case TMS -> generated(tmsSource(source, model, data), source.samples());
            case PROJECTION -> generated(ProjectionSource.of(source.dim(), model.features(), data, source.seed()),
                    source.samples());
            case GLOVE -> new Produced(read(source, file -> GloveFile.read(file).vectors()), Optional.empty());
            case NPY -> new Produced(read(source, NpyFile::read), Optional.empty());
            case SAFETENSORS -> new Produced(read(source, file -> SafetensorsFile.matrix(file, source.tensor())),
                    Optional.empty());
            case TRANSFORMER -> new Produced(new TransformerActivations(home, System.err).load(source), Optional.empty());
            case GAUSSIAN, FFN, GAUSSIAN_FFN -> throw new IllegalArgumentException(producer.id()
                    + " does not produce data");
        };
    }

    private static Produced generated(ActivationSource source, int samples) {
        return new Produced(source.draw(0, samples), source.groundTruth());
    }

    private TmsSource tmsSource(SourceConfig source, ModelConfig model, DataConfig data) {
        Path weights = DataPaths.trialWeights(home, source.trial());
        if (!Files.isRegularFile(weights)) {
            throw new BadInputException("source.trial = \"" + source.trial() + "\": no weights at " + weights
                    + " (run the TMS sweep " + weights.getParent().getFileName() + " first, in the same --home)");
        }
        TmsSource tms;
        try {
            tms = TmsSource.load(weights, data, source.seed());
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("source.trial = \"" + source.trial() + "\": " + e.getMessage(), e);
        }
        if (tms.features() != model.features()) {
            throw new BadInputException("source.trial = \"" + source.trial() + "\" has " + tms.features()
                    + " features, but model.features = " + model.features() + " (state the TMS sweep's model and"
                    + " data settings, which draw its inputs)");
        }
        return tms;
    }

    /** A file-backed source's rows; a relative path is resolved inside {@code <home>/data}. */
    private Activations read(SourceConfig source, FileReader reader) {
        Path file = DataPaths.dataFile(home, "source.path", source.path());
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("source.path = \"" + source.path() + "\": no such file " + file);
        }
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @FunctionalInterface
    private interface FileReader {
        Activations read(Path file) throws IOException;
    }
}
