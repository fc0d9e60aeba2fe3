package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;
import dev.superpose.model.NativeArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * One thread's native buffers for the dense path ({@link CodePath#DENSE}) of one instance at a
 * time: the codes as a dense latent-major matrix Z [L, B] (zeros where inactive, rows past a
 * short batch zero too), the unit decoder rows D [L, d_out] (zero for latents that did not fire),
 * and the BLAS products x̂ = Zᵀ·D, dZ = D·Gᵀ, Z·G and dPre·X, with G = dLoss/dx̂ and X the batch as
 * the encoder saw it (the stack's native copy, whose rows past a short batch are zero). The
 * products run in the stack's data type; the per-latent work around them (projections, centring,
 * sums) stays in {@link TrainingPass}. Buffers are allocated on first use, so a stack that never
 * turns dense holds none. Not thread-safe: one per thread.
 */
final class DenseProducts implements AutoCloseable {
    private final StepBuffers step;
    private final RowViews views;
    private final DataType dataType;
    private final int latents;
    private final int inputs;
    private final int outputs;
    private final int batch;
    /** A latent's column of B values: its codes, then its dLoss/dpre. */
    private final double[] column;
    private final double[] row;
    private final double[] zeros;
    /** Z [L, B], overwritten by dLoss/dpre [L, B] once dZ and Z·G are taken. */
    private INDArray codes;
    private INDArray decoderRows;
    private INDArray outputGradient;
    private INDArray reconstruction;
    private INDArray codeGradient;
    private INDArray decoderGradient;
    private INDArray encoderGradient;
    private ArrayElements codesView;
    private ArrayElements decoderRowsView;
    private ArrayElements outputGradientView;
    private ArrayElements reconstructionView;
    private ArrayElements codeGradientView;
    private ArrayElements decoderGradientView;
    private ArrayElements encoderGradientView;

    DenseProducts(StepBuffers step, RowViews views, int inputs, int outputs, int latents, int batch) {
        this.step = step;
        this.views = views;
        this.dataType = step.input().dataType();
        this.latents = latents;
        this.inputs = inputs;
        this.outputs = outputs;
        this.batch = batch;
        this.column = new double[batch];
        this.row = new double[outputs];
        this.zeros = new double[batch * outputs];
    }

    /**
     * x̂ = b_dec + Zᵀ·D for the first {@code rows} rows of instance i into {@code out} [rows·d_out];
     * loads the decoder rows of the latents that fired into the {@link RowViews}, as the sparse
     * decoding does (the backward pass and the architectures' passes read them there).
     */
    void decode(int i, int rows, LatentCodes z, double[] decoderBias, double[] out) {
        allocate();
        double[] unitRows = views.decoderRows();
        for (int l = 0; l < latents; l++) {
            int end = z.start(l + 1);
            if (z.start(l) == end) {
                codesView.write(l * batch, zeros, batch);
                decoderRowsView.write(l * outputs, zeros, outputs);
                continue;
            }
            views.loadDecoderRow(i, l);
            System.arraycopy(unitRows, l * outputs, row, 0, outputs);
            decoderRowsView.write(l * outputs, row, outputs);
            Arrays.fill(column, 0);
            for (int e = z.start(l); e < end; e++) {
                column[z.row(e)] = z.value(e);
            }
            codesView.write(l * batch, column, batch);
        }
        Nd4j.gemm(codes, decoderRows, reconstruction, true, false, 1.0, 0.0);
        reconstructionView.read(0, out, rows * outputs);
        for (int b = 0, k = 0; b < rows; b++) {
            for (int j = 0; j < outputs; j++, k++) {
                out[k] += decoderBias[j];
            }
        }
    }

    /** dZ = D·Gᵀ and Z·G for G = {@code gradient}'s first {@code rows} rows (B·d_out, zero past them). */
    void decoderProducts(double[] gradient, int rows) {
        outputGradientView.write(0, gradient, rows * outputs);
        outputGradientView.write(rows * outputs, zeros, (batch - rows) * outputs);
        Nd4j.gemm(decoderRows, outputGradient, codeGradient, false, true, 1.0, 0.0);
        Nd4j.gemm(codes, outputGradient, decoderGradient, false, false, 1.0, 0.0);
    }

    /** Latent l's row of dZ = D·Gᵀ [B] into {@code target}. */
    void readCodeGradient(int l, double[] target) {
        codeGradientView.read(l * batch, target, batch);
    }

    /**
     * Sets latent l's row of dLoss/dpre [B] (over Z's, whose zeros it shares: only latents that
     * fired need writing), once {@link #decoderProducts} has used Z.
     */
    void writePreGradient(int l, double[] values) {
        codesView.write(l * batch, values, batch);
    }

    /** dLoss/dpre·X [L, d_in], once every firing latent's row of dLoss/dpre is written. */
    void encoderProduct() {
        Nd4j.gemm(codes, step.input(), encoderGradient, false, false, 1.0, 0.0);
    }

    /** Latent l's row of Z·G [d_out]: its decoder row's gradient before the projection. */
    void readDecoderGradient(int l, double[] target) {
        decoderGradientView.read(l * outputs, target, outputs);
    }

    /** Latent l's row of dLoss/dpre·X [d_in]: its encoder row's gradient before centring. */
    void readEncoderGradient(int l, double[] target) {
        encoderGradientView.read(l * inputs, target, inputs);
    }

    private void allocate() {
        if (codes != null) {
            return;
        }
        codes = Nd4j.zeros(dataType, latents, batch);
        decoderRows = Nd4j.zeros(dataType, latents, outputs);
        outputGradient = Nd4j.zeros(dataType, batch, outputs);
        reconstruction = Nd4j.zeros(dataType, batch, outputs);
        codeGradient = Nd4j.zeros(dataType, latents, batch);
        decoderGradient = Nd4j.zeros(dataType, latents, outputs);
        encoderGradient = Nd4j.zeros(dataType, latents, inputs);
        codesView = ArrayElements.of(codes);
        decoderRowsView = ArrayElements.of(decoderRows);
        outputGradientView = ArrayElements.of(outputGradient);
        reconstructionView = ArrayElements.of(reconstruction);
        codeGradientView = ArrayElements.of(codeGradient);
        decoderGradientView = ArrayElements.of(decoderGradient);
        encoderGradientView = ArrayElements.of(encoderGradient);
    }

    /** Bytes of native memory held (none before the first dense pass). */
    long nativeBytes() {
        return codes == null ? 0 : NativeArrays.bytes(arrays());
    }

    private List<INDArray> arrays() {
        return List.of(codes, decoderRows, outputGradient, reconstruction, codeGradient, decoderGradient,
                encoderGradient);
    }

    @Override
    public void close() {
        if (codes != null) {
            NativeArrays.close(arrays());
        }
    }
}
