package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker thread's share of a stack: its views ({@link RowViews}), its {@link Forward},
 * {@link TrainingPass} and {@link Inference}, and the architecture's and AuxK's passes built on
 * it. It is the {@link PassContext} those passes see, so that passes of different instances run
 * concurrently, each on its own thread's buffers.
 */
final class InstanceWork implements PassContext, AutoCloseable {
    private final SaeParameters parameters;
    private final StepBuffers step;
    private final RowViews views;
    private final Forward forward;
    private final TrainingPass training;
    private final Inference inference;
    private final List<LatentPass> passes;
    private final int batch;

    InstanceWork(SaeParameters parameters, StepBuffers step, AuxK auxK, InputNormalization normalization, CodePath path,
                 int batch) {
        this.parameters = parameters;
        this.step = step;
        this.batch = batch;
        Architecture architecture = parameters.architecture();
        this.views = new RowViews(parameters);
        this.forward = new Forward(architecture, views, parameters.outputs(), parameters.latents(), batch);
        this.training = new TrainingPass(architecture, step, views, forward, parameters.shape(), normalization,
                path, parameters.latents(), batch);
        this.inference = new Inference(views, forward, normalization, parameters.shape(), parameters.latents());
        List<LatentPass> own = new ArrayList<>();
        LatentPass architecturePass = architecture.pass(this);
        if (architecturePass != null) {
            own.add(architecturePass);
        }
        if (auxK.enabled()) {
            own.add(new AuxKPass(this, auxK));
        }
        this.passes = List.copyOf(own);
    }

    RowViews views() {
        return views;
    }

    TrainingPass training() {
        return training;
    }

    List<LatentPass> passes() {
        return passes;
    }

    Inference inference() {
        return inference;
    }

    @Override
    public int inputs() {
        return parameters.inputs();
    }

    @Override
    public int outputs() {
        return parameters.outputs();
    }

    @Override
    public int latents() {
        return parameters.latents();
    }

    @Override
    public int batch() {
        return step.rows();
    }

    @Override
    public double[] input() {
        return step.batchInput();
    }

    @Override
    public double[] target() {
        return step.target();
    }

    @Override
    public double[] preActivations() {
        return forward.preActivations();
    }

    @Override
    public double[] thresholdRow() {
        return forward.thresholdRow();
    }

    @Override
    public LatentCodes codes() {
        return forward.codes();
    }

    @Override
    public double[] decoderBias() {
        return forward.decoderBias();
    }

    @Override
    public double[] reconstruction() {
        return forward.reconstruction();
    }

    @Override
    public double[] reconstructionGradient() {
        return training.reconstructionGradient();
    }

    @Override
    public double[] latentSums() {
        return training.latentSums();
    }

    @Override
    public void loadDecoderRow(int i, int l) {
        views.loadDecoderRow(i, l);
    }

    @Override
    public double[] decoderRows() {
        return views.decoderRows();
    }

    @Override
    public void projectOntoTangent(double[] gradient, int l) {
        views.projectOntoTangent(gradient, l);
    }

    @Override
    public boolean dead(int i, int l) {
        return step.dead(i, l);
    }

    @Override
    public void markGradientRows(int i, int l) {
        step.markGradientRows(i, l);
    }

    @Override
    public void centreEncoderGradient(double[] encoderGradient, double dzSum) {
        training.centreEncoderGradient(encoderGradient, dzSum, forward.decoderBias());
    }

    @Override
    public double addLatentGradients(int i, int l, LatentCodes codes, int codeLatent, double[] outputGradient) {
        return training.addLatentGradients(i, l, codes, codeLatent, outputGradient);
    }

    @Override
    public ArrayElements encoder() {
        return views.encoder();
    }

    @Override
    public ArrayElements encoderBias() {
        return views.encoderBias();
    }

    @Override
    public ArrayElements gradEncoder() {
        return views.gradEncoder();
    }

    @Override
    public ArrayElements gradDecoder() {
        return views.gradDecoder();
    }

    @Override
    public void writeEncoderBiasGradient(int i, double[] encoderBiasGradient, double[] codeSums) {
        training.writeEncoderBiasGradient(i, encoderBiasGradient, codeSums);
    }

    @Override
    public void addDecoderBiasGradient(int i, double[] gradient) {
        training.addDecoderBiasGradient(i, gradient);
    }

    @Override
    public LatentParameter latentParameter(String name) {
        return parameters.latentParameter(name);
    }

    @Override
    public void close() {
        training.close();
    }
}
