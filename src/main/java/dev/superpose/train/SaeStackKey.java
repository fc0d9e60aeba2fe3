package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.SaeConfig;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.InputNormalization;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.SaeSettings;

/**
 * Everything SAE trials must share to be trained in one stack: the data (every SAE of a stack
 * sees the same batches, so its whole {@link SaeDataKey}), the shapes, the step schedule, the
 * architecture with its own settings (a record: equal settings, equal architecture) and the
 * structural settings. What may differ within a stack, per instance: seed (the initialisation),
 * sparsity coefficient, learning rate and weight decay.
 */
public record SaeStackKey(SaeDataKey data, Architecture architecture, int latents, int expansion, boolean tied,
                          boolean encoderFromDecoder, DecoderNorm decoderNorm,
                          DecoderBiasInit decoderBiasInit, int deadWindow, Resampling resampling,
                          int resampleEvery, int auxK, double auxCoefficient, int steps, int batchSize,
                          Optimizer optimizer, Schedule schedule, int warmupSteps, int logEvery,
                          InputNormalization inputNormalization, Initialisation init,
                          SaeConfig.LastBatch lastBatch, double resampleScale, double resampleEncoderScale,
                          boolean resampleResetAdam) {

    public static SaeStackKey of(TrialConfig c) {
        SaeConfig sae = c.sae();
        return new SaeStackKey(SaeDataKey.of(c), SaeSettings.architecture(sae), sae.latents(), sae.expansion(),
                sae.tied(), sae.encoderFromDecoder(), sae.decoderNorm(), sae.decoderBiasInit(), sae.deadWindow(),
                sae.resampling(), sae.resampleEvery(), sae.auxK(), sae.auxCoefficient(), c.train().steps(),
                c.train().batchSize(), c.train().optimizer(), c.train().schedule(), c.train().warmupSteps(),
                c.train().logEvery(), sae.inputNormalization(), sae.init(), sae.lastBatch(),
                sae.resampleScale(), sae.resampleEncoderScale(), sae.resampleResetAdam());
    }
}
