/**
 * Stacks of sparse autoencoders: parameters, the training pass with hand-written gradients,
 * inference, and the architectures.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@link dev.superpose.model.sae.Architecture}: the sealed interface every architecture
 *       implements, one class each: {@link dev.superpose.model.sae.Relu},
 *       {@link dev.superpose.model.sae.TopK}, {@link dev.superpose.model.sae.BatchTopK},
 *       {@link dev.superpose.model.sae.JumpRelu}, {@link dev.superpose.model.sae.Gated},
 *       {@link dev.superpose.model.sae.Matryoshka}. Each owns
 *       its settings and their validation, its sparsity rule, what its coefficient weighs
 *       ({@link dev.superpose.model.sae.Penalty}), its per-latent parameters
 *       ({@link dev.superpose.model.sae.LatentParameterSpec}: name, start, export name) and its
 *       extra forward and gradient terms (a nested {@link dev.superpose.model.sae.LatentPass}).</li>
 *   <li>{@link dev.superpose.model.sae.SaeStack}: the public face of a stack, which composes
 *       {@code SaeParameters} (parameters, gradients, import and export), {@code StepBuffers} (a
 *       training step's shared buffers) and, per worker thread, {@code InstanceWork}:
 *       {@code RowViews} (views of the parameters, unit decoder rows), {@code Forward} (encoding,
 *       selection, decoding), {@code TrainingPass} (reconstruction loss and the backward pass, sparse
 *       or, for a dense batch, through {@code DenseProducts}' BLAS products: {@link dev.superpose.model.sae.CodePath})
 *       and {@code Inference}. Passes see a thread's buffers only through
 *       {@link dev.superpose.model.sae.PassContext}.</li>
 *   <li>{@link dev.superpose.model.sae.SaeShape}: what a model reads and writes. An SAE reconstructs its
 *       input; a transcoder reads x [d_in] and reconstructs another activation y [d_out], its encoder
 *       reading x without b_dec. Every architecture works in both: its pass reads the batch through
 *       {@code PassContext#input()} (what the encoder saw) and compares reconstructions with
 *       {@code PassContext#target()}; a further reconstruction term adds its gradients through
 *       {@code PassContext#addLatentGradients} (Matryoshka's levels, AuxK).</li>
 *   <li>{@link dev.superpose.model.sae.AuxK}: the dead latents' auxiliary loss, an option of the
 *       architectures that {@linkplain dev.superpose.model.sae.Architecture#allowsAuxK() allow it}.</li>
 * </ul>
 *
 * <h2>Adding an architecture</h2>
 * <ol>
 *   <li>Write a record implementing {@link dev.superpose.model.sae.Architecture} in this package
 *       and add it to the interface's {@code permits} list. Its components are its settings; its
 *       compact constructor validates them and {@code requireFits} checks them against the
 *       dictionary size. Implement {@code select} (training and inference) and {@code penalty};
 *       override {@code latentParameters} for trained per-latent parameters,
 *       {@code keepsThreshold} for an untrained inference threshold, {@code allowsAuxK}, and
 *       {@code pass} for gradient terms beyond z = pre on the kept latents (a nested
 *       {@code LatentPass} that reads the worker's buffers through its {@code PassContext}).
 *       The stack, trainer, resampler and exporter pick all of this up unchanged.</li>
 *   <li>Add its name to {@code config.SaeArchitecture}; the compiler then points to the one
 *       exhaustive switch that builds it from the config ({@link dev.superpose.model.sae.SaeSettings#architecture}).</li>
 *   <li>If it has settings of its own: a component of {@code config.SaeConfig}, its reading and
 *       range check in {@code config.SaeReader}, and its documented default in the {@code sae}
 *       block of {@code superpose-defaults.conf}. A setting whose values are an enum of this
 *       package implements {@link dev.superpose.model.sae.ConfigSpelling}: the config reads the
 *       enum itself, so its constants' spellings are the accepted values.</li>
 *   <li>Test it: a finite-difference check of its gradient (see {@code SaeArchitectureGradientTest})
 *       and, through the trainer, stack invariance and bit-identical resume
 *       ({@code SaeArchitectureTrainerTest}'s variants, checked by {@code SaeTrainerContract}).</li>
 * </ol>
 */
package dev.superpose.model.sae;
