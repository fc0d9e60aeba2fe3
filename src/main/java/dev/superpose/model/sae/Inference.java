package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Inference on one instance: codes z and reconstructions x̂ (de-standardised under
 * {@link InputNormalization}) of given rows, in chunks of at most a
 * batch, with the rule in inference mode (batch-level rules fire by threshold). Allocates its
 * native buffers per chunk: meant for evaluation, not the training loop.
 */
final class Inference {
    private final RowViews views;
    private final Forward forward;
    private final InputNormalization normalization;
    private final int inputs;
    private final int outputs;
    private final boolean centresInput;
    private final int latents;
    private final double[] bias;

    Inference(RowViews views, Forward forward, InputNormalization normalization, SaeShape shape, int latents) {
        this.views = views;
        this.forward = forward;
        this.normalization = normalization;
        this.inputs = shape.inputs();
        this.outputs = shape.outputs();
        this.centresInput = shape.centresInput();
        this.latents = latents;
        this.bias = new double[latents];
    }

    /**
     * Rows [from, from + count) of x with instance i's encoder rows [L, d_in]: an SAE's encoder
     * reads x − b_dec, a transcoder's x.
     */
    void encodeChunk(int i, INDArray encoderRows, float[] xAll, int from, int count, float[] codesOut,
                     float[] reconstructionsOut, List<LatentPass> passes) {
        forward.loadDecoderBias(i);
        double[] bDec = forward.decoderBias();
        double[] mean = new double[count];
        double[] std = new double[count];
        views.encoderBias().read(i * latents, bias, latents);
        try (INDArray centred = Nd4j.create(encoderRows.dataType(), count, inputs);
             INDArray out = Nd4j.create(encoderRows.dataType(), latents, count)) {
            double[] chunk = new double[count * inputs];
            for (int k = 0; k < chunk.length; k++) {
                chunk[k] = xAll[from * inputs + k];
            }
            normalization.standardise(chunk, count, inputs, chunk, mean, std);
            for (int b = 0, k = 0; b < count; b++) {
                for (int j = 0; j < inputs; j++, k++) {
                    chunk[k] -= centresInput ? bDec[j] : 0;
                }
            }
            ArrayElements.of(centred).write(0, chunk, chunk.length);
            Nd4j.gemm(encoderRows, centred, out, false, true, 1.0, 0.0);
            ArrayElements.of(out).read(0, forward.preActivations(), latents * count);
        }
        forward.addBiasAndCheckFinite(count, bias);
        forward.select(i, count, false, passes);
        forward.decode(i, count);
        LatentCodes codes = forward.codes();
        for (int l = 0; l < latents; l++) {
            for (int e = codes.start(l); e < codes.start(l + 1); e++) {
                codesOut[(from + codes.row(e)) * latents + l] = (float) codes.value(e);
            }
        }
        double[] xhat = forward.reconstruction();
        for (int b = 0, k = 0; b < count; b++) {
            for (int j = 0; j < outputs; j++, k++) {
                reconstructionsOut[from * outputs + k] = (float) (xhat[k] * std[b] + mean[b]);
            }
        }
    }
}
