package dev.superpose.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * {@link TmsPath#BLOCKS} and {@link TmsPath#ROWS}: a {@link TmsStack}'s step instance by instance
 * in a plain-Java {@link TmsPass}, through one instance's weights and gradients as heap rows;
 * nothing native. W is both the pass's encoder and its decoder, so dW = dE + dD.
 */
final class JavaTmsStackPass implements TmsStackPass {
    private final TmsPass pass;
    private final double[] weightRow;
    private final double[] biasRow;
    private final double[] gradEncoderRow;
    private final double[] gradDecoderRow;
    private final double[] gradBiasRow;

    JavaTmsStackPass(TmsPass pass, int features, int hidden) {
        this.pass = pass;
        this.weightRow = new double[hidden * features];
        this.biasRow = new double[features];
        this.gradEncoderRow = new double[hidden * features];
        this.gradDecoderRow = new double[hidden * features];
        this.gradBiasRow = new double[features];
    }

    @Override
    public void lossAndGradients(TmsStack stack, INDArray x, ArrayElements xView, double[] importance,
                                 double[] lossOut) {
        int features = stack.features();
        int batch = stack.batch();
        int weights = stack.hidden() * features;
        for (int i = 0; i < stack.instances(); i++) {
            stack.wView().read(i * weights, weightRow, weights);
            stack.biasView.read(i * features, biasRow, features);
            lossOut[i] = pass.run(xView, i * batch * features, weightRow, weightRow, biasRow, importance,
                    i * features, gradEncoderRow, gradDecoderRow, gradBiasRow);
            for (int k = 0; k < weights; k++) {
                gradEncoderRow[k] += gradDecoderRow[k];
            }
            stack.gradWView().write(i * weights, gradEncoderRow, weights);
            stack.gradBiasView().write(i * features, gradBiasRow, features);
        }
    }

    @Override
    public List<INDArray> nativeArrays() {
        return List.of();
    }
}
