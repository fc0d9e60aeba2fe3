package dev.superpose.data.source;

import dev.superpose.config.DataConfig;
import dev.superpose.config.ModelConfig;
import dev.superpose.config.SaeTarget;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TrialConfig;

/**
 * Everything that decides an SAE's data, and nothing else: the {@code source} section (its seed
 * the trial's own with {@code source.seed = trial}), and for a
 * source produced by a TMS trial (or a random projection of TMS-like inputs) also the
 * {@code model} and {@code data} sections, which draw the inputs x. Trials with equal keys see the same rows; planning (which trials share a
 * stack), training, evaluation and every cache of loaded data key on this one definition, so a
 * sweep over {@code data.feature-probability} of a tms source can never train or evaluate a trial
 * on another trial's data.
 *
 * @param source the source section, {@code seed} the one the data is drawn from
 * @param model the TMS model settings, or {@code null} when the producer draws no TMS inputs
 * @param data  the TMS data settings, or {@code null} when the producer draws no TMS inputs
 * @param target {@code sae.target}: an SAE's rows, or a transcoder's pairs of input and target rows
 */
public record SaeDataKey(SourceConfig source, ModelConfig model, DataConfig data, SaeTarget target) {

    public static SaeDataKey of(TrialConfig trial) {
        SourceConfig source = trial.source().seedPerTrial() ? trial.source().withSeed(trial.seed()) : trial.source();
        boolean tms = source.producer().drawsTmsInputs();
        return new SaeDataKey(source, tms ? trial.model() : null, tms ? trial.data() : null, trial.sae().target());
    }
}
