package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/**
 * How a toy model trained on a finite training set spends its hidden dimensions: on features or
 * on data points (Henighan et al. 2023, "Superposition, Memorization, and Double Descent"). Small
 * training sets are memorised: the hidden vectors h_j = W x_j of the T training points form a
 * regular polytope while the features W_i do not; large ones generalise and the roles swap.
 * Both are measured with the feature dimensionality of Elhage et al. 2022 ({@link Gram#dimensionality}),
 * applied to the features W_i and to the data points h_j.
 *
 * @param hiddenVectors           h_j = W x_j, [T][hidden]
 * @param featureDimensionalities D_i of each feature W_i
 * @param dataDimensionalities    D_j of each training point's hidden vector h_j
 */
public record TrainingSetGeometry(double[][] hiddenVectors, double[] featureDimensionalities,
                                  double[] dataDimensionalities) {

    /** The geometry of {@code w} on its training inputs {@code inputs} ([T][features]). */
    public static TrainingSetGeometry of(TmsWeights w, double[][] inputs) {
        double[][] hidden = hiddenVectors(w, inputs);
        return new TrainingSetGeometry(hidden, Gram.dimensionalities(Gram.ofFeatures(w)),
                Gram.dimensionalities(Gram.ofRows(hidden)));
    }

    /** h_j = W x_j for every input row x_j: the points' positions in the hidden space, [T][hidden]. */
    public static double[][] hiddenVectors(TmsWeights w, double[][] inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("the training set must hold at least one point, got none");
        }
        double[][] hidden = new double[inputs.length][w.hidden()];
        for (int j = 0; j < inputs.length; j++) {
            if (inputs[j].length != w.features()) {
                throw new IllegalArgumentException("training point " + j + " must have one value per feature ("
                        + w.features() + "), got " + inputs[j].length);
            }
            for (int h = 0; h < w.hidden(); h++) {
                double sum = 0;
                for (int i = 0; i < w.features(); i++) {
                    sum += w.w(h, i) * inputs[j][i];
                }
                hidden[j][h] = sum;
            }
        }
        return hidden;
    }

    /** T, the number of training points. */
    public int datasetSize() {
        return hiddenVectors.length;
    }
}
