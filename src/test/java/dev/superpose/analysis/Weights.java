package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/** Hand-built test models. */
final class Weights {
    private Weights() {
    }

    /** W [hidden, features] from the feature embeddings W_i (its columns), bias 0. */
    static TmsWeights fromColumns(double[]... columns) {
        return withBias(new double[columns.length], columns);
    }

    /** W from its columns, with the given output bias. */
    static TmsWeights withBias(double[] bias, double[]... columns) {
        int hidden = columns[0].length;
        float[] w = new float[hidden * columns.length];
        float[] b = new float[columns.length];
        for (int i = 0; i < columns.length; i++) {
            for (int h = 0; h < hidden; h++) {
                w[h * columns.length + i] = (float) columns[i][h];
            }
            b[i] = (float) bias[i];
        }
        return new TmsWeights(hidden, columns.length, w, b);
    }

    /** k unit vectors evenly spaced around the circle, starting at angle {@code phase}. */
    static double[][] polygon(int k, double phase) {
        double[][] vertices = new double[k][];
        for (int j = 0; j < k; j++) {
            double angle = phase + 2 * Math.PI * j / k;
            vertices[j] = new double[]{Math.cos(angle), Math.sin(angle)};
        }
        return vertices;
    }
}
